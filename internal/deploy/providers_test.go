package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// unitPlan plans route for a project named "demo" without any AWS call.
func unitPlan(t *testing.T, route []string, edit ...func(*spec.Spec)) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", route)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range edit {
		f(s)
	}
	p, err := plan.New(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeS3 records the bucket calls ensureBucket makes and serves a stored
// bucket policy; the embedded interface panics on anything else.
type fakeS3 struct {
	s3API
	calls  []string
	policy *string
	exists bool // the bucket exists, untagged
}

func (f *fakeS3) CreateBucket(_ context.Context, _ *s3.CreateBucketInput, _ ...func(*s3.Options)) (*s3.CreateBucketOutput, error) {
	f.calls = append(f.calls, "CreateBucket")
	if f.exists {
		return nil, &smithy.GenericAPIError{Code: "BucketAlreadyOwnedByYou"}
	}
	return &s3.CreateBucketOutput{}, nil
}

func (f *fakeS3) GetBucketTagging(_ context.Context, _ *s3.GetBucketTaggingInput, _ ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "NoSuchTagSet"}
}

func (f *fakeS3) HeadBucket(_ context.Context, _ *s3.HeadBucketInput, _ ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	return &s3.HeadBucketOutput{}, nil
}

func (f *fakeS3) PutBucketTagging(_ context.Context, _ *s3.PutBucketTaggingInput, _ ...func(*s3.Options)) (*s3.PutBucketTaggingOutput, error) {
	f.calls = append(f.calls, "PutBucketTagging")
	return &s3.PutBucketTaggingOutput{}, nil
}

func (f *fakeS3) PutPublicAccessBlock(_ context.Context, _ *s3.PutPublicAccessBlockInput, _ ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	f.calls = append(f.calls, "PutPublicAccessBlock")
	return &s3.PutPublicAccessBlockOutput{}, nil
}

func (f *fakeS3) PutBucketPolicy(_ context.Context, in *s3.PutBucketPolicyInput, _ ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error) {
	f.calls = append(f.calls, "PutBucketPolicy")
	f.policy = in.Policy
	return &s3.PutBucketPolicyOutput{}, nil
}

func (f *fakeS3) GetBucketPolicy(_ context.Context, _ *s3.GetBucketPolicyInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	if f.policy == nil {
		return nil, &smithy.GenericAPIError{Code: "NoSuchBucketPolicy", Message: "The bucket policy does not exist"}
	}
	return &s3.GetBucketPolicyOutput{Policy: f.policy}, nil
}

func (f *fakeS3) PutBucketEncryption(_ context.Context, _ *s3.PutBucketEncryptionInput, _ ...func(*s3.Options)) (*s3.PutBucketEncryptionOutput, error) {
	f.calls = append(f.calls, "PutBucketEncryption")
	return &s3.PutBucketEncryptionOutput{}, nil
}

// Every bucket gets the TLS-only policy, after its public access block, on
// every target but moto (whose policy evaluation would refuse all object
// requests); status reports a deleted or edited policy.
func TestBucketTLSOnlyPolicy(t *testing.T) {
	p := unitPlan(t, []string{"app-to-s3"})
	r := p.Resource(plan.IDBucket)
	var doc struct {
		Statement []struct {
			Effect    string
			Principal string
			Action    []string
			Condition map[string]map[string][]string
		}
	}
	if err := json.Unmarshal(r.Policy, &doc); err != nil || len(doc.Statement) != 1 {
		t.Fatalf("planned bucket policy %s: %v", r.Policy, err)
	}
	st := doc.Statement[0]
	if st.Effect != "Deny" || st.Principal != "*" || !cmp.Equal(st.Action, []string{"s3:*"}) ||
		!cmp.Equal(st.Condition["Bool"]["aws:SecureTransport"], []string{"false"}) {
		t.Errorf("planned bucket policy is not the TLS-only deny: %s", r.Policy)
	}

	for _, tg := range []targets.Target{targets.AWS, targets.LocalStack, targets.Kumo, targets.Moto} {
		t.Run(string(tg), func(t *testing.T) {
			f := &fakeS3{}
			e := &Engine{Clients: &Clients{S3: f, Region: "us-east-1"}, Target: TargetInfo{Kind: string(tg)}}
			if _, err := e.ensureBucket(context.Background(), p, r, r.Settings); err != nil {
				t.Fatal(err)
			}
			want := []string{"CreateBucket", "PutBucketTagging", "PutPublicAccessBlock", "PutBucketPolicy", "PutBucketEncryption"}
			if tg == targets.Moto {
				want = []string{"CreateBucket", "PutBucketTagging", "PutPublicAccessBlock", "PutBucketEncryption"}
			}
			if diff := cmp.Diff(want, f.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if tg != targets.Moto && aws.ToString(f.policy) != string(r.Policy) {
				t.Errorf("put policy %s, want the planned one", aws.ToString(f.policy))
			}

			ctx := context.Background()
			if d, err := e.drift(ctx, r, nil); err != nil || d != "" {
				t.Errorf("drift after deploy = %q, %v", d, err)
			}
			if tg == targets.Moto {
				return
			}
			// S3 returns the policy compacted and with one-element lists
			// as plain values; that is the same policy.
			live := strings.NewReplacer(`["s3:*"]`, `"s3:*"`, `["false"]`, `"false"`).Replace(string(compactJSON(t, r.Policy)))
			f.policy = &live
			if d, err := e.drift(ctx, r, nil); err != nil || d != "" {
				t.Errorf("drift with S3's spelling of the same policy = %q, %v", d, err)
			}
			edited := strings.Replace(live, `"false"`, `"true"`, 1)
			f.policy = &edited
			if d, _ := e.drift(ctx, r, nil); !strings.Contains(d, "changed outside wireup") {
				t.Errorf("drift after an edit = %q", d)
			}
			f.policy = nil
			if d, _ := e.drift(ctx, r, nil); !strings.Contains(d, "deleted outside wireup") {
				t.Errorf("drift after a delete = %q", d)
			}
		})
	}
}

func compactJSON(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A deploy interrupted between CreateBucket and PutBucketTagging leaves an
// untagged bucket the state records: the next deploy finishes it instead of
// calling the name taken. An untagged bucket the state does not record
// stays someone else's.
func TestRecordedResourceIsOwned(t *testing.T) {
	p := unitPlan(t, []string{"app-to-s3"})
	r := p.Resource(plan.IDBucket)
	e := &Engine{Clients: &Clients{S3: &fakeS3{exists: true}}, Target: TargetInfo{Kind: string(targets.AWS)}}
	if _, err := e.ensureBucket(context.Background(), p, r, r.Settings); !errors.Is(err, errNameTaken) {
		t.Errorf("untagged bucket not in the state: %v, want name taken", err)
	}
	ctx := context.WithValue(context.Background(), recordedKey{}, true)
	if _, err := e.ensureBucket(ctx, p, r, r.Settings); err != nil {
		t.Errorf("untagged bucket the state records: %v", err)
	}
}

// fakeLambda is an event source mapping store: it records creates and
// updates and returns what it stores, optionally minus the fields a target
// drops.
type fakeLambda struct {
	lambdaAPI
	created *lambda.CreateEventSourceMappingInput
	updated *lambda.UpdateEventSourceMappingInput
	live    *lambda.GetEventSourceMappingOutput
}

func (f *fakeLambda) ListEventSourceMappings(_ context.Context, _ *lambda.ListEventSourceMappingsInput, _ ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error) {
	if f.live == nil {
		return &lambda.ListEventSourceMappingsOutput{}, nil
	}
	return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: []lambdatypes.EventSourceMappingConfiguration{{UUID: f.live.UUID}}}, nil
}

func (f *fakeLambda) CreateEventSourceMapping(_ context.Context, in *lambda.CreateEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.CreateEventSourceMappingOutput, error) {
	f.created = in
	f.live = &lambda.GetEventSourceMappingOutput{UUID: aws.String("uuid-1"), State: aws.String("Enabled"), BatchSize: in.BatchSize,
		MaximumBatchingWindowInSeconds: in.MaximumBatchingWindowInSeconds, StartingPosition: in.StartingPosition,
		FunctionResponseTypes: in.FunctionResponseTypes, MaximumRetryAttempts: in.MaximumRetryAttempts,
		BisectBatchOnFunctionError: in.BisectBatchOnFunctionError, DestinationConfig: in.DestinationConfig}
	return &lambda.CreateEventSourceMappingOutput{UUID: f.live.UUID}, nil
}

func (f *fakeLambda) UpdateEventSourceMapping(_ context.Context, in *lambda.UpdateEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.UpdateEventSourceMappingOutput, error) {
	f.updated = in
	f.live.FunctionResponseTypes, f.live.MaximumRetryAttempts = in.FunctionResponseTypes, in.MaximumRetryAttempts
	f.live.BisectBatchOnFunctionError, f.live.DestinationConfig = in.BisectBatchOnFunctionError, in.DestinationConfig
	return &lambda.UpdateEventSourceMappingOutput{UUID: in.UUID}, nil
}

func (f *fakeLambda) GetEventSourceMapping(_ context.Context, _ *lambda.GetEventSourceMappingInput, _ ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error) {
	return f.live, nil
}

// Mappings are created with ReportBatchItemFailures and the stream error
// handling; an existing mapping is updated to them; status compares what
// the target returns and ignores what it is known to drop.
func TestMappingErrorHandling(t *testing.T) {
	topic := "arn:aws:sns:us-east-1:123456789012:demo-failures"
	p := unitPlan(t, []string{"kinesis-to-lambda"}, func(s *spec.Spec) { s.Lambda.OnFailureQueue = topic })
	r := p.Resource(plan.IDEventSourceMapping)
	in := maps.Clone(r.Settings)
	in["functionName"], in["eventSourceArn"] = "demo-handler", "arn:aws:kinesis:us-east-1:123456789012:stream/demo-stream"
	ctx := context.Background()

	f := &fakeLambda{}
	e := &Engine{Clients: &Clients{Lambda: f}, Target: TargetInfo{Kind: string(targets.AWS)}}
	out, err := e.ensureMapping(ctx, r, in)
	if err != nil {
		t.Fatal(err)
	}
	c := f.created
	if c == nil || !cmp.Equal(c.FunctionResponseTypes, []lambdatypes.FunctionResponseType{lambdatypes.FunctionResponseTypeReportBatchItemFailures}) ||
		aws.ToInt32(c.MaximumRetryAttempts) != 5 || !aws.ToBool(c.BisectBatchOnFunctionError) ||
		c.DestinationConfig == nil || aws.ToString(c.DestinationConfig.OnFailure.Destination) != topic || c.StartingPosition != lambdatypes.EventSourcePositionTrimHorizon {
		t.Fatalf("CreateEventSourceMapping input lacks the error handling: %+v", c)
	}
	rs := &ResourceState{Inputs: in, Outputs: out}
	if d, err := e.drift(ctx, r, rs); err != nil || d != "" {
		t.Errorf("drift after create = %q, %v", d, err)
	}

	// Edited behind wireup's back: the response types removed.
	f.live.FunctionResponseTypes = nil
	d, err := e.drift(ctx, r, rs)
	if err != nil || !strings.Contains(d, "FunctionResponseTypes") {
		t.Errorf("drift without ReportBatchItemFailures = %q, %v", d, err)
	}
	// kumo returns no error handling at all: nothing to compare there.
	kumo := *f.live
	kumo.StartingPosition, kumo.MaximumRetryAttempts, kumo.BisectBatchOnFunctionError, kumo.DestinationConfig = "", nil, nil, nil
	fk := &fakeLambda{live: &kumo}
	ek := &Engine{Clients: &Clients{Lambda: fk}, Target: TargetInfo{Kind: string(targets.Kumo)}}
	if d, err := ek.drift(ctx, r, rs); err != nil || d != "" {
		t.Errorf("drift on kumo's read-back = %q, %v", d, err)
	}
	ea := &Engine{Clients: &Clients{Lambda: fk}, Target: TargetInfo{Kind: string(targets.AWS)}}
	if d, _ := ea.drift(ctx, r, rs); !strings.Contains(d, "MaximumRetryAttempts") {
		t.Errorf("kumo's read-back on AWS: drift %q, want the missing error handling named", d)
	}

	// The next deploy finds the mapping and updates it to the plan.
	f.created = nil
	if _, err := e.ensureMapping(ctx, r, in); err != nil {
		t.Fatal(err)
	}
	u := f.updated
	if f.created != nil || u == nil || len(u.FunctionResponseTypes) != 1 || aws.ToInt32(u.MaximumRetryAttempts) != 5 ||
		aws.ToString(u.DestinationConfig.OnFailure.Destination) != topic {
		t.Errorf("existing mapping: created %+v, updated %+v", f.created, u)
	}
	if d, _ := e.drift(ctx, r, rs); d != "" {
		t.Errorf("drift after the update = %q", d)
	}
}
