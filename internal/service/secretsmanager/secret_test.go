package secretsmanager

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeSecrets keeps secrets by name, as Secrets Manager does: a second
// create fails with ResourceExistsException. The embedded interface
// panics on anything else.
type fakeSecrets struct {
	SecretAPI
	values  map[string]string
	tags    map[string][]smtypes.Tag
	deleted map[string]bool
	force   []bool
	// policies are the resource policies put, by secret ARN; block
	// records each put's BlockPublicPolicy; refuse, when set, is the
	// error every put returns.
	policies map[string]string
	block    []bool
	refuse   error
}

func newFake() *fakeSecrets {
	return &fakeSecrets{values: map[string]string{}, tags: map[string][]smtypes.Tag{}, deleted: map[string]bool{}, policies: map[string]string{}}
}

func (f *fakeSecrets) PutResourcePolicy(_ context.Context, in *secretsmanager.PutResourcePolicyInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.PutResourcePolicyOutput, error) {
	f.block = append(f.block, aws.ToBool(in.BlockPublicPolicy))
	if f.refuse != nil {
		return nil, f.refuse
	}
	f.policies[aws.ToString(in.SecretId)] = aws.ToString(in.ResourcePolicy)
	return &secretsmanager.PutResourcePolicyOutput{ARN: in.SecretId}, nil
}

// GetResourcePolicy answers as Secrets Manager does for a secret without
// a policy: no ResourcePolicy field, no error.
func (f *fakeSecrets) GetResourcePolicy(_ context.Context, in *secretsmanager.GetResourcePolicyInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetResourcePolicyOutput, error) {
	out := &secretsmanager.GetResourcePolicyOutput{ARN: in.SecretId}
	if p, ok := f.policies[aws.ToString(in.SecretId)]; ok {
		out.ResourcePolicy = aws.String(p)
	}
	return out, nil
}

func (f *fakeSecrets) CreateSecret(_ context.Context, in *secretsmanager.CreateSecretInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.CreateSecretOutput, error) {
	n := aws.ToString(in.Name)
	if _, ok := f.values[n]; ok {
		return nil, &smtypes.ResourceExistsException{Message: aws.String("exists")}
	}
	f.values[n], f.tags[n] = aws.ToString(in.SecretString), in.Tags
	return &secretsmanager.CreateSecretOutput{ARN: aws.String("arn:aws:secretsmanager:us-east-1:1:secret:" + n + "-AbCdEf"), Name: in.Name}, nil
}

func (f *fakeSecrets) DescribeSecret(_ context.Context, in *secretsmanager.DescribeSecretInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error) {
	n := strings.TrimSuffix(strings.TrimPrefix(aws.ToString(in.SecretId), "arn:aws:secretsmanager:us-east-1:1:secret:"), "-AbCdEf")
	if _, ok := f.values[n]; !ok {
		return nil, &smtypes.ResourceNotFoundException{Message: aws.String("not found")}
	}
	out := &secretsmanager.DescribeSecretOutput{Name: aws.String(n), ARN: aws.String("arn:aws:secretsmanager:us-east-1:1:secret:" + n + "-AbCdEf"), Tags: f.tags[n]}
	if f.deleted[n] {
		out.DeletedDate = aws.Time(time.Now())
	}
	return out, nil
}

func (f *fakeSecrets) DeleteSecret(_ context.Context, in *secretsmanager.DeleteSecretInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.DeleteSecretOutput, error) {
	f.force = append(f.force, aws.ToBool(in.ForceDeleteWithoutRecovery))
	n := strings.TrimSuffix(strings.TrimPrefix(aws.ToString(in.SecretId), "arn:aws:secretsmanager:us-east-1:1:secret:"), "-AbCdEf")
	delete(f.values, n)
	return &secretsmanager.DeleteSecretOutput{}, nil
}

// ListSecrets serves two pages; a token it never handed out fails.
func (f *fakeSecrets) ListSecrets(_ context.Context, in *secretsmanager.ListSecretsInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.ListSecretsOutput, error) {
	tag := []smtypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}
	switch aws.ToString(in.NextToken) {
	case "":
		return &secretsmanager.ListSecretsOutput{SecretList: []smtypes.SecretListEntry{{Name: aws.String("a"), Tags: tag},
			{Name: aws.String("gone"), Tags: tag, DeletedDate: aws.Time(time.Now())}}, NextToken: aws.String("p2")}, nil
	case "p2":
		return &secretsmanager.ListSecretsOutput{SecretList: []smtypes.SecretListEntry{{Name: aws.String("b"), Tags: tag}}}, nil
	}
	return nil, &smtypes.InvalidNextTokenException{Message: aws.String("bad token")}
}

func request(recorded bool, created *map[string]string) *service.Request {
	return &service.Request{
		Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
		Resource: &plan.Resource{ID: plan.IDHTTPEndpointSecret, Kind: plan.KindSecret, Name: "demo-key"},
		Inputs:   map[string]string{"field": "api_key", "description": "d"}, Recorded: recorded,
		Created: func(o map[string]string) { *created = o },
	}
}

// A database user's secret is the two fields Firehose reads for Redshift,
// its password one Redshift accepts, and no output holds it.
func TestSecretDatabaseUser(t *testing.T) {
	f := newFake()
	var created map[string]string
	req := request(false, &created)
	req.Inputs = map[string]string{"field": "password", "username": "firehose", "description": "d"}
	out, err := NewSecret(f).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]string
	if err := json.Unmarshal([]byte(f.values["demo-key"]), &v); err != nil {
		t.Fatal(err)
	}
	pw := v["password"]
	if len(v) != 2 || v["username"] != "firehose" || len(pw) < 8 || len(pw) > 64 ||
		!strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") || !strings.ContainsAny(pw, "abcdefghijklmnopqrstuvwxyz") || !strings.ContainsAny(pw, "0123456789") ||
		strings.ContainsAny(pw, "'\"\\/@ ") {
		t.Errorf("secret value %q: want username firehose and a password Redshift accepts", f.values["demo-key"])
	}
	for k, o := range out {
		if strings.Contains(o, pw) {
			t.Errorf("output %s holds the password", k)
		}
	}
}

// Ensure creates the secret with a random key under the field, returns
// no value, and adopts it unchanged on a re-deploy.
func TestSecretEnsure(t *testing.T) {
	f := newFake()
	s := NewSecret(f)
	var created map[string]string
	out, err := s.Ensure(context.Background(), request(false, &created))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]string
	if err := json.Unmarshal([]byte(f.values["demo-key"]), &v); err != nil || len(v["api_key"]) != 2*KeyBytes {
		t.Fatalf("secret value %q: want {\"api_key\": 64 hex digits}", f.values["demo-key"])
	}
	want := map[string]string{"name": "demo-key", "arn": "arn:aws:secretsmanager:us-east-1:1:secret:demo-key-AbCdEf"}
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, created); d != "" {
		t.Errorf("created (-want +got):\n%s", d)
	}
	for _, o := range out {
		if strings.Contains(f.values["demo-key"], o) || strings.Contains(o, v["api_key"]) {
			t.Errorf("an output holds the key")
		}
	}
	first := f.values["demo-key"]
	if _, err := s.Ensure(context.Background(), request(false, &created)); err != nil {
		t.Fatalf("re-deploy: %v", err)
	}
	if f.values["demo-key"] != first {
		t.Error("a re-deploy changed the key")
	}
}

func TestSecretRefusesOthersAndScheduled(t *testing.T) {
	f := newFake()
	f.values["demo-key"] = "{}"
	var created map[string]string
	if _, err := NewSecret(f).Ensure(context.Background(), request(false, &created)); err == nil || !strings.Contains(err.Error(), "not tagged") {
		t.Errorf("adopted a secret of someone else: %v", err)
	}
	f.deleted["demo-key"] = true
	if _, err := NewSecret(f).Ensure(context.Background(), request(true, &created)); err == nil || !strings.Contains(err.Error(), "scheduled for deletion") {
		t.Errorf("a secret scheduled for deletion: %v", err)
	}
	if ok, err := NewSecret(f).Exists(context.Background(), service.Env{}, &service.Record{Name: "demo-key"}); ok || err != nil {
		t.Errorf("Exists on a scheduled secret = %v, %v", ok, err)
	}
}

func TestSecretDeleteForces(t *testing.T) {
	f := newFake()
	f.values["demo-key"] = "{}"
	rec := &service.Record{Name: "demo-key", Outputs: map[string]string{"arn": "arn:aws:secretsmanager:us-east-1:1:secret:demo-key-AbCdEf"}}
	if err := NewSecret(f).Delete(context.Background(), service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]bool{true}, f.force); d != "" || f.values["demo-key"] != "" {
		t.Errorf("ForceDeleteWithoutRecovery (-want +got):\n%s", d)
	}
	if ok, _ := NewSecret(f).Exists(context.Background(), service.Env{}, rec); ok {
		t.Error("deleted secret exists")
	}
}

func TestSecretListFollowsPages(t *testing.T) {
	got, err := NewSecret(newFake()).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Name)
		if tags, _ := l.Tags(context.Background()); tags[plan.TagProject] != "demo" {
			t.Errorf("%s: tags %v", l.Name, tags)
		}
	}
	if d := cmp.Diff([]string{"a", "b"}, names); d != "" {
		t.Errorf("listed (-want +got):\n%s", d)
	}
}

// A secret whose value comes from the environment: Precheck fails with
// the variable unset, naming it, before anything is created; Ensure
// stores the variable's value under the field and never returns it.
func TestSecretFromEnvironment(t *testing.T) {
	f := newFake()
	s := NewSecret(f)
	env := map[string]string{}
	s.lookupEnv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	settings := map[string]string{"field": "hec_token", "valueEnv": "WIREUP_SPLUNK_HEC_TOKEN", "valueWhat": "the Splunk HEC token"}
	p := &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}, Resources: []*plan.Resource{
		{ID: plan.IDHTTPEndpointSecret, Kind: plan.KindSecret, Name: "random-key", Settings: map[string]string{"field": "api_key"}},
		{ID: "secret/splunk", Kind: plan.KindSecret, Name: "demo-hec", Settings: settings},
	}}
	err := s.Precheck(context.Background(), service.Env{}, p)
	if err == nil || !strings.Contains(err.Error(), "WIREUP_SPLUNK_HEC_TOKEN is not set") || !strings.Contains(err.Error(), "the Splunk HEC token") {
		t.Fatalf("Precheck without the variable: %v", err)
	}
	if len(f.values) != 0 {
		t.Fatalf("Precheck created %v", f.values)
	}
	env["WIREUP_SPLUNK_HEC_TOKEN"] = ""
	if err := s.Precheck(context.Background(), service.Env{}, p); err == nil {
		t.Error("Precheck passed with the variable empty")
	}
	env["WIREUP_SPLUNK_HEC_TOKEN"] = "11111111-2222-3333-4444-555555555555"
	if err := s.Precheck(context.Background(), service.Env{}, p); err != nil {
		t.Fatalf("Precheck with the variable set: %v", err)
	}
	var created map[string]string
	out, err := s.Ensure(context.Background(), &service.Request{Plan: p, Resource: p.Resources[1], Inputs: settings,
		Created: func(o map[string]string) { created = o }})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(`{"hec_token":"11111111-2222-3333-4444-555555555555"}`, f.values["demo-hec"]); d != "" {
		t.Errorf("secret value (-want +got):\n%s", d)
	}
	for _, o := range []map[string]string{out, created} {
		for k, v := range o {
			if strings.Contains(v, "11111111") {
				t.Errorf("output %s holds the token", k)
			}
		}
	}
}

// A secret the plan gives a resource policy gets exactly it, public
// policies blocked, when it is created and when it is adopted; a policy
// that is gone or edited is drift; a policy Secrets Manager refuses for a
// principal that does not exist says what to do (the policy's first
// note).
func TestSecretResourcePolicy(t *testing.T) {
	const arn = "arn:aws:secretsmanager:us-east-1:1:secret:demo-key-AbCdEf"
	policy := `{"Version":"2012-10-17","Statement":[{"Sid":"QuickSightReads","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:role/service-role/aws-quicksight-secretsmanager-role-v0"]},"Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:us-east-1:1:secret:demo-key-??????"]}]}`
	f := newFake()
	var created map[string]string
	req := request(false, &created)
	req.Resource.Policy, req.Resource.Notes = json.RawMessage(policy), []string{"Turn on Secrets Manager in QuickSight."}
	req.Inputs = map[string]string{"field": "password", "username": "quicksight", "description": "d"}
	k := NewSecret(f)
	out, err := k.Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if f.policies[arn] != policy || !slices.Equal(f.block, []bool{true}) || created["arn"] != arn {
		t.Errorf("policies %v (BlockPublicPolicy %v), created %v", f.policies, f.block, created)
	}
	rec := &service.Record{Name: "demo-key", Outputs: out}
	if d, err := k.Drift(context.Background(), service.Env{}, req.Resource, rec); d != "" || err != nil {
		t.Errorf("Drift of the planned policy = %q, %v", d, err)
	}
	f.policies[arn] = strings.Replace(policy, "aws-quicksight-secretsmanager-role-v0", "admin", 1)
	if d, _ := k.Drift(context.Background(), service.Env{}, req.Resource, rec); !strings.Contains(d, "differs") {
		t.Errorf("Drift of an edited policy = %q", d)
	}
	delete(f.policies, arn)
	if d, _ := k.Drift(context.Background(), service.Env{}, req.Resource, rec); !strings.Contains(d, "gone") {
		t.Errorf("Drift of a removed policy = %q", d)
	}
	// The next deploy adopts the secret and puts the policy back.
	if _, err := k.Ensure(context.Background(), req); err != nil || f.policies[arn] != policy {
		t.Errorf("adopt: %v, policy %q", err, f.policies[arn])
	}
	// Secrets Manager's answer for a principal that does not exist.
	f2 := newFake()
	f2.refuse = &smtypes.MalformedPolicyDocumentException{Message: aws.String("This resource policy contains an unsupported principal.")}
	created = nil
	_, err = NewSecret(f2).Ensure(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "unsupported principal") || !strings.Contains(err.Error(), "Turn on Secrets Manager in QuickSight.") || created["arn"] != arn {
		t.Errorf("Ensure with the principal missing = %v (recorded %v), want the note and the secret recorded", err, created)
	}
	// A secret without a policy is never given one.
	f3 := newFake()
	if _, err := NewSecret(f3).Ensure(context.Background(), request(false, &created)); err != nil || len(f3.block) != 0 {
		t.Errorf("a secret without a planned policy: %v, %d puts", err, len(f3.block))
	}
}
