package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
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
			if d, err := e.drift(ctx, r); err != nil || d != "" {
				t.Errorf("drift after deploy = %q, %v", d, err)
			}
			if tg == targets.Moto {
				return
			}
			// S3 returns the policy compacted and with one-element lists
			// as plain values; that is the same policy.
			live := strings.NewReplacer(`["s3:*"]`, `"s3:*"`, `["false"]`, `"false"`).Replace(string(compactJSON(t, r.Policy)))
			f.policy = &live
			if d, err := e.drift(ctx, r); err != nil || d != "" {
				t.Errorf("drift with S3's spelling of the same policy = %q, %v", d, err)
			}
			edited := strings.Replace(live, `"false"`, `"true"`, 1)
			f.policy = &edited
			if d, _ := e.drift(ctx, r); !strings.Contains(d, "changed outside wireup") {
				t.Errorf("drift after an edit = %q", d)
			}
			f.policy = nil
			if d, _ := e.drift(ctx, r); !strings.Contains(d, "deleted outside wireup") {
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
