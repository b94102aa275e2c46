package opensearch

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
)

// The OpenSearch Service REST API as AWS documents it
// (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/): a
// replay server answers each call from a script of recorded responses, in
// the shapes of the API reference: DomainStatus with Processing, Created,
// Deleted and, once usable, Endpoint; errors as the HTTP status and the
// X-Amzn-ErrorType header the REST-JSON protocol uses.

// answer is one recorded response.
type answer struct {
	status    int
	errorType string
	body      string
}

// replay serves scripted answers by operation, in order; the last answer
// of an operation repeats. Calls without a script fail the test.
type replay struct {
	t      *testing.T
	mu     sync.Mutex
	script map[string][]answer
	calls  []string               // operation names, in order
	bodies map[string][]string    // request bodies by operation
	onCall func(op string, n int) // after the nth call of op, if set
	counts map[string]int
}

func newReplay(t *testing.T) (*replay, *opensearch.Client) {
	r := &replay{t: t, script: map[string][]answer{}, bodies: map[string][]string{}, counts: map[string]int{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	c := opensearch.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), Retryer: func() aws.Retryer { return aws.NopRetryer{} }})
	return r, c
}

// on appends answers to op's script.
func (r *replay) on(op string, answers ...answer) *replay {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.script[op] = append(r.script[op], answers...)
	return r
}

// operation names a request by the REST API's method and path.
func operation(req *http.Request) string {
	p := req.URL.Path
	switch {
	case req.Method == http.MethodPost && p == "/2021-01-01/opensearch/domain":
		return "CreateDomain"
	case req.Method == http.MethodPost && strings.HasSuffix(p, "/config"):
		return "UpdateDomainConfig"
	case req.Method == http.MethodGet && strings.HasPrefix(p, "/2021-01-01/opensearch/domain/"):
		return "DescribeDomain"
	case req.Method == http.MethodDelete && strings.HasPrefix(p, "/2021-01-01/opensearch/domain/"):
		return "DeleteDomain"
	case req.Method == http.MethodGet && p == "/2021-01-01/domain":
		return "ListDomainNames"
	case req.Method == http.MethodGet && strings.TrimSuffix(p, "/") == "/2021-01-01/tags":
		return "ListTags"
	}
	return req.Method + " " + p
}

func (r *replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	op := operation(req)
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.calls = append(r.calls, op)
	r.bodies[op] = append(r.bodies[op], string(b))
	n := r.counts[op]
	r.counts[op]++
	as := r.script[op]
	r.mu.Unlock()
	if len(as) == 0 {
		r.t.Errorf("unscripted call %s", op)
		w.WriteHeader(500)
		return
	}
	a := as[min(n, len(as)-1)]
	w.Header().Set("Content-Type", "application/json")
	if a.errorType != "" {
		w.Header().Set("X-Amzn-ErrorType", a.errorType)
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
	if r.onCall != nil {
		r.onCall(op, n+1)
	}
}

// count is how often op was called.
func (r *replay) count(op string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[op]
}

const (
	domainARN = "arn:aws:es:us-east-1:123456789012:domain/demo"
	endpoint  = "search-demo-3kz2hl5gf4smoq4j3u3cyhzmle.us-east-1.es.amazonaws.com"
)

// status is a DomainStatus answer (CreateDomain, DescribeDomain and
// DeleteDomain all return one) of domain demo.
func status(processing, deleted bool, endpointSet bool, extra string) answer {
	ep := ""
	if endpointSet {
		ep = fmt.Sprintf(`"Endpoint":%q,`, endpoint)
	}
	ps := "Creating"
	switch {
	case deleted:
		ps = "Deleting"
	case !processing:
		ps = "Active"
	}
	return answer{status: 200, body: fmt.Sprintf(`{"DomainStatus":{"ARN":%q,"DomainId":"123456789012/demo","DomainName":"demo",
"Created":true,"Deleted":%t,"Processing":%t,"UpgradeProcessing":false,"DomainProcessingStatus":%q,%s
"EngineVersion":"OpenSearch_2.19","ClusterConfig":{"InstanceType":"t3.small.search","InstanceCount":1,"DedicatedMasterEnabled":false,"ZoneAwarenessEnabled":false},
"EBSOptions":{"EBSEnabled":true,"VolumeType":"gp3","VolumeSize":10},
"EncryptionAtRestOptions":{"Enabled":true,"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d"},
"NodeToNodeEncryptionOptions":{"Enabled":true},
"DomainEndpointOptions":{"EnforceHTTPS":true,"TLSSecurityPolicy":"Policy-Min-TLS-1-2-PFS-2023-10"},
"AccessPolicies":%s%s}}`, domainARN, deleted, processing, ps, ep, jsonString(testPolicy), extra)}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// apiError is a REST-JSON error answer.
func apiError(status int, errorType, message string) answer {
	return answer{status: status, errorType: errorType, body: fmt.Sprintf(`{"message":%q}`, message)}
}

var (
	notFound      = apiError(409, "ResourceNotFoundException", "Domain not found: demo")
	alreadyExists = apiError(409, "ResourceAlreadyExistsException", "domain demo already exists")
	limitExceeded = apiError(409, "LimitExceededException", "You have reached the maximum number of domains (100) for this account and Region")
)

func tags(project string) answer {
	return answer{status: 200, body: fmt.Sprintf(`{"TagList":[{"Key":"wireup:project","Value":%q},{"Key":"wireup:route","Value":"app-to-iot+iot-to-opensearch"}]}`, project)}
}
