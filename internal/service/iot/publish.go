// This file publishes MQTT messages through the AWS IoT Core data plane's
// HTTPS Publish API: one SigV4-signed request, POST /topics/<topic>?qos=1,
// for service "iotdata". The probe uses it to put a canary into an
// IoT-sourced route.
//
// It calls the API by hand because the Go module proxy does not serve the
// SDK's iotdataplane client. Generated projects do the same in
// templates/iot/producer.go.tmpl; they are separate modules that cannot
// import wireup's internal packages, so the two stay small twins: change
// both together.

package iot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/iot"
)

// SigningName is the service name in the SigV4 scope of the data plane. On
// an emulator it also tells the server which service a request is for.
const SigningName = "iotdata"

// EndpointDescriber looks up the account's data endpoint (iot:DescribeEndpoint).
type EndpointDescriber interface {
	DescribeEndpoint(ctx context.Context, in *iot.DescribeEndpointInput, optFns ...func(*iot.Options)) (*iot.DescribeEndpointOutput, error)
}

// Publisher publishes to one account's data plane.
type Publisher struct {
	// Endpoint is the data plane's base URL: an emulator's (AWS_ENDPOINT_URL),
	// or empty to look it up with Describer on first use.
	Endpoint  string
	Describer EndpointDescriber
	Config    aws.Config // credentials and Region to sign with
	Client    *http.Client
	// Attempts bounds tries of a throttled (429) or failed (5xx) publish;
	// 0 means 3.
	Attempts int

	once     sync.Once
	resolved string
	err      error
}

// endpoint returns the base URL, asking DescribeEndpoint for the ATS data
// endpoint (the one AWS recommends; the legacy iot:Data endpoint uses a
// Symantec certificate) when none was given.
func (p *Publisher) endpoint(ctx context.Context) (string, error) {
	p.once.Do(func() {
		ep := p.Endpoint
		if ep == "" {
			if p.Describer == nil {
				p.err = errors.New("no IoT data endpoint and no way to look it up")
				return
			}
			out, err := p.Describer.DescribeEndpoint(ctx, &iot.DescribeEndpointInput{EndpointType: aws.String("iot:Data-ATS")})
			if err != nil {
				p.err = fmt.Errorf("describe IoT data endpoint: %w", err)
				return
			}
			ep = aws.ToString(out.EndpointAddress)
		}
		if !strings.Contains(ep, "://") {
			ep = "https://" + ep
		}
		p.resolved = strings.TrimSuffix(ep, "/")
	})
	return p.resolved, p.err
}

// Publish sends payload to topic at QoS 1, retrying throttled and failed
// publishes with backoff. It returns the HTTP status of the last attempt.
func (p *Publisher) Publish(ctx context.Context, topic string, payload []byte) (int, error) {
	ep, err := p.endpoint(ctx)
	if err != nil {
		return 0, err
	}
	attempts := p.Attempts
	if attempts <= 0 {
		attempts = 3
	}
	backoff := 200 * time.Millisecond
	for i := 1; ; i++ {
		status, retry, err := p.publishOnce(ctx, ep, topic, payload)
		if err == nil || !retry || i == attempts {
			return status, err
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return status, errors.Join(err, ctx.Err())
		case <-t.C:
		}
		backoff *= 2
	}
}

func (p *Publisher) publishOnce(ctx context.Context, endpoint, topic string, payload []byte) (status int, retry bool, err error) {
	// The topic is one path label: "/" inside it is escaped, and the signer
	// escapes the path once more, as SigV4 wants for every service but S3.
	u := endpoint + "/topics/" + url.PathEscape(topic) + "?qos=1"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(payload))
	if err != nil {
		return 0, false, fmt.Errorf("publish to %s: %w", topic, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if p.Config.Credentials == nil {
		return 0, false, fmt.Errorf("publish to %s: no credentials", topic)
	}
	creds, err := p.Config.Credentials.Retrieve(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("publish to %s: retrieve credentials: %w", topic, err)
	}
	sum := sha256.Sum256(payload)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), SigningName, p.Config.Region, time.Now()); err != nil {
		return 0, false, fmt.Errorf("publish to %s: sign: %w", topic, err)
	}
	hc := p.Client
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, ctx.Err() == nil, fmt.Errorf("publish to %s: %w", topic, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 == 2 {
		return resp.StatusCode, false, nil
	}
	err = fmt.Errorf("publish to %s: %s: %s", topic, resp.Status, strings.TrimSpace(string(body)))
	return resp.StatusCode, resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500, err
}
