package opensearch_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/opensearch"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// specFor is the default spec of route for project "demo".
func specFor(t testing.TB, route ...string) *spec.Spec {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// iamCases covers the access policy of a domain an IoT rule writes, one
// Firehose writes with index rotation, and the reader's identity policy.
func iamCases(t testing.TB) []iamtest.Case {
	iot := opensearch.AccessInputFor(specFor(t, "iot-to-opensearch"))
	firehose := opensearch.AccessInput{Domain: "demo", Index: "demo-events", FirehoseRole: "demo-firehose"}
	reader := iam.Source{Kind: iam.KindOpenSearch, Name: "demo", Prefix: "demo-events*/_search"}
	return []iamtest.Case{
		{Name: "access-iot", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(opensearch.AccessPolicy(env, iot))
		}},
		{Name: "access-firehose", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.ResourcePolicy(opensearch.AccessPolicy(env, firehose))
		}},
		{Name: "reader", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(iam.ConsumerPolicy(env, "demo-consumer", reader))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/opensearch -run TestGolden -update` to
// accept new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(t), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases(t)) }

// TestAccessPolicyNamesTheRoute: the IoT rule role may only PUT documents
// into the index; the account may only search it; nobody may do
// anything else.
func TestAccessPolicyNamesTheRoute(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	rp, err := opensearch.AccessPolicy(env, opensearch.AccessInputFor(specFor(t, "iot-to-opensearch")))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range rp.Document.Statement {
		got[s.Sid] = strings.Join(s.Principal.AWS, ",") + " " + strings.Join(s.Action, ",") + " " + strings.Join(s.Resource, ",")
	}
	want := map[string]string{
		"IoTRuleIndexes":       "arn:aws:iam::123456789012:role/demo-iot-rule es:ESHttpPut arn:aws:es:us-east-1:123456789012:domain/demo/demo-events/_doc/*",
		"AccountSearchesIndex": "arn:aws:iam::123456789012:root es:ESHttpPost arn:aws:es:us-east-1:123456789012:domain/demo/demo-events*/_search",
	}
	if len(got) != len(want) {
		t.Errorf("statements %v, want %v", got, want)
	}
	for sid, w := range want {
		if got[sid] != w {
			t.Errorf("%s = %q, want %q", sid, got[sid], w)
		}
	}
	if _, err := opensearch.AccessPolicy(env, opensearch.AccessInput{Domain: "demo", Index: "x*"}); err == nil {
		t.Error("an index pattern was accepted as the index")
	}
}
