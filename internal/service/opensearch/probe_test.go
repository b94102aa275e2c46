package opensearch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	osgo "github.com/opensearch-project/opensearch-go/v4"
	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// hits is a _search answer with the documents' sources, in the shape
// OpenSearch documents (https://docs.opensearch.org/latest/api-reference/search-apis/search/).
func hits(sources ...string) string {
	var hs []string
	for i, s := range sources {
		hs = append(hs, fmt.Sprintf(`{"_index":"demo-events","_id":"d%d","_score":1.0,"_source":%s}`, i, s))
	}
	return fmt.Sprintf(`{"took":2,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":%d,"relation":"eq"},"max_score":1.0,"hits":[%s]}}`,
		len(hs), strings.Join(hs, ","))
}

func probeCanary(tg targets.Target) *service.Canary {
	return &service.Canary{ID: "wireup-canary-0123456789abcdef", Route: []string{"iot-to-opensearch"}, Target: tg, Timeout: time.Second,
		Resources: map[string]*service.Record{plan.IDDomain: {Name: "demo", Inputs: map[string]string{"index": "demo-events"},
			Outputs: map[string]string{"name": "demo", "endpoint": "search-demo-x.us-east-1.es.amazonaws.com"}}}}
}

// The probe searches until a document with the canary's id arrives; a
// document that only resembles it (match_phrase is analysed) is not it.
func TestProbeAwaitFindsTheCanary(t *testing.T) {
	var n atomic.Int32
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		paths = append(paths, r.Method+" "+r.URL.Path+" "+string(b))
		w.Header().Set("Content-Type", "application/json")
		switch n.Add(1) {
		case 1:
			_, _ = io.WriteString(w, hits())
		case 2:
			_, _ = io.WriteString(w, hits(`{"id":"wireup-canary-0123456789abcdef-other"}`))
		default:
			_, _ = io.WriteString(w, hits(`{"id":"wireup-canary-0123456789abcdef","time":"2026-12-02T10:00:00.000Z"}`))
		}
	}))
	defer srv.Close()
	p := &Probe{Poll: time.Millisecond, Client: func(endpoint string) (Searcher, error) {
		if endpoint != "search-demo-x.us-east-1.es.amazonaws.com" {
			t.Errorf("endpoint %q", endpoint)
		}
		return opensearchapi.NewClient(opensearchapi.Config{Client: osgo.Config{Addresses: []string{srv.URL}}})
	}}
	c := probeCanary(targets.AWS)
	var proven string
	c.OnHop = func(path string, _ time.Duration, detail string) { proven = path + ": " + detail }
	if err := p.Await(context.Background(), c, "iot", time.Now()); err != nil {
		t.Fatal(err)
	}
	if proven != "iot → opensearch: document d0 in index demo-events of domain demo" {
		t.Errorf("hop %q", proven)
	}
	if n.Load() != 3 || !strings.HasPrefix(paths[0], "POST /demo-events*/_search ") || !strings.Contains(paths[0], `"match_phrase":{"id":"wireup-canary-0123456789abcdef"}`) {
		t.Errorf("%d searches: %q", n.Load(), paths)
	}
	// Never found: a timeout naming the index and the canary.
	n.Store(0)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, hits()) })
	c.Timeout = 10 * time.Millisecond
	if err := p.Await(context.Background(), c, "iot", time.Now()); err == nil || !strings.Contains(err.Error(), "no search of demo-events*") {
		t.Errorf("err = %v", err)
	}
}

// Only AWS runs an engine: elsewhere verify reports why it cannot look.
func TestProbeBlindOffAWS(t *testing.T) {
	p := &Probe{}
	if got := p.Blind(probeCanary(targets.Moto)); !strings.Contains(got, "runs no OpenSearch engine") {
		t.Errorf("moto: %q", got)
	}
	if got := p.Blind(probeCanary(targets.Kumo)); !strings.Contains(got, "kumo has no OpenSearch") {
		t.Errorf("kumo: %q", got)
	}
	if got := p.Blind(probeCanary(targets.AWS)); got != "" {
		t.Errorf("aws: %q", got)
	}
}
