package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	osgo "github.com/opensearch-project/opensearch-go/v4"
	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"
	"github.com/opensearch-project/opensearch-go/v4/signer/awsv2"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// Searcher is the part of the opensearch-go client the probe uses.
type Searcher interface {
	Search(ctx context.Context, req *opensearchapi.SearchReq) (*opensearchapi.SearchResp, error)
}

// Probe is the verify probe of the route's domain: at the end of a route
// it searches the index for the canary's id, with requests signed by the
// caller's credentials (the account delegates searching to IAM).
type Probe struct {
	// Client returns a client of the domain at the HTTPS endpoint.
	Client func(endpoint string) (Searcher, error)
	// Poll is the wait between searches that did not find the canary.
	Poll time.Duration
}

// NewProbeFromConfig returns the probe, signing with cfg's credentials
// for service "es".
func NewProbeFromConfig(cfg aws.Config) *Probe {
	return &Probe{Poll: 5 * time.Second, Client: func(endpoint string) (Searcher, error) {
		signer, err := awsv2.NewSignerWithService(cfg, "es")
		if err != nil {
			return nil, err
		}
		return opensearchapi.NewClient(opensearchapi.Config{Client: osgo.Config{Addresses: []string{"https://" + endpoint}, Signer: signer}})
	}}
}

var (
	_ service.Probe = (*Probe)(nil)
	_ service.Blind = (*Probe)(nil)
)

// Blind implements service.Blind: only AWS runs an OpenSearch engine.
func (*Probe) Blind(c *service.Canary) string {
	if r := NoEngine(c.Target); r != "" {
		return r + "; verify searches the index on AWS only"
	}
	return ""
}

// Inject implements service.Probe: OpenSearch is no route source.
func (*Probe) Inject(context.Context, *service.Canary) (time.Time, error) {
	return time.Time{}, errors.New("OpenSearch is not a source verify can send a canary into")
}

// Await implements service.Probe: search the index (and the indexes
// Firehose rotates from it) for a document whose id is the canary's,
// until one search finds it. Behind Firehose the document arrives when
// the buffer interval is over, so the wait is at least that and a minute.
func (p *Probe) Await(ctx context.Context, c *service.Canary, _ string, start time.Time) error {
	endpoint, domain := c.Out(plan.IDDomain, "endpoint"), c.Out(plan.IDDomain, "name")
	index := c.In(plan.IDDomain, "index")
	if endpoint == "" || index == "" {
		return fmt.Errorf("%s: the state records no endpoint or index of domain %s: deploy again", c.Path(), domain)
	}
	client, err := p.Client(endpoint)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path(), err)
	}
	timeout := c.Timeout
	if c.Target == targets.AWS && c.Has(plan.IDDeliveryStream) {
		interval, err := c.BufferInterval()
		if err != nil {
			return fmt.Errorf("%s: %w", c.Path(), err)
		}
		timeout = max(timeout, interval+time.Minute)
	}
	body, _ := json.Marshal(map[string]any{"size": 10, "query": map[string]any{"match_phrase": map[string]any{"id": c.ID}}})
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Search(ctx, &opensearchapi.SearchReq{Indices: []string{index + "*"}, Body: bytes.NewReader(body),
			Params: opensearchapi.SearchParams{IgnoreUnavailable: new(true), AllowNoIndices: new(true)}})
		if err != nil {
			return fmt.Errorf("%s: search %s on domain %s: %w", c.Path(), index, domain, err)
		}
		for _, h := range resp.Hits.Hits {
			var doc struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(h.Source, &doc) == nil && doc.ID == c.ID {
				c.Hop(c.Path(), start, fmt.Sprintf("document %s in index %s of domain %s", h.ID, h.Index, domain))
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: no search of %s* on domain %s found canary %s within %s", c.Path(), index, domain, c.ID, timeout)
		}
		if err := service.Sleep(ctx, p.Poll); err != nil {
			return err
		}
	}
}
