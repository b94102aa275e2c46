package s3

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// unitPlan plans route for a project named "demo" without any AWS call.
func unitPlan(t *testing.T, route []string) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", route, SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.New(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"}, []plan.Planner{Planner{}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ensureRequest is the request the engine makes to ensure r of p on
// target tg; created collects what the bucket reports as created.
func ensureRequest(p *plan.Plan, r *plan.Resource, tg targets.Target, created *[]map[string]string) *service.Request {
	return &service.Request{Env: service.Env{Target: tg, Region: "us-east-1"}, Plan: p, Resource: r, Inputs: r.Settings,
		Created: func(m map[string]string) { *created = append(*created, m) }}
}

// fakeBucket records the bucket calls Ensure makes and serves a stored
// bucket policy; the embedded interface panics on anything else.
type fakeBucket struct {
	BucketAPI
	calls  []string
	policy *string
	exists bool // the bucket exists, untagged
}

func (f *fakeBucket) CreateBucket(_ context.Context, _ *s3.CreateBucketInput, _ ...func(*s3.Options)) (*s3.CreateBucketOutput, error) {
	f.calls = append(f.calls, "CreateBucket")
	if f.exists {
		return nil, &smithy.GenericAPIError{Code: "BucketAlreadyOwnedByYou"}
	}
	return &s3.CreateBucketOutput{}, nil
}

func (f *fakeBucket) GetBucketTagging(_ context.Context, _ *s3.GetBucketTaggingInput, _ ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "NoSuchTagSet"}
}

func (f *fakeBucket) HeadBucket(_ context.Context, _ *s3.HeadBucketInput, _ ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	return &s3.HeadBucketOutput{}, nil
}

func (f *fakeBucket) PutBucketTagging(_ context.Context, _ *s3.PutBucketTaggingInput, _ ...func(*s3.Options)) (*s3.PutBucketTaggingOutput, error) {
	f.calls = append(f.calls, "PutBucketTagging")
	return &s3.PutBucketTaggingOutput{}, nil
}

func (f *fakeBucket) PutPublicAccessBlock(_ context.Context, _ *s3.PutPublicAccessBlockInput, _ ...func(*s3.Options)) (*s3.PutPublicAccessBlockOutput, error) {
	f.calls = append(f.calls, "PutPublicAccessBlock")
	return &s3.PutPublicAccessBlockOutput{}, nil
}

func (f *fakeBucket) PutBucketPolicy(_ context.Context, in *s3.PutBucketPolicyInput, _ ...func(*s3.Options)) (*s3.PutBucketPolicyOutput, error) {
	f.calls = append(f.calls, "PutBucketPolicy")
	f.policy = in.Policy
	return &s3.PutBucketPolicyOutput{}, nil
}

func (f *fakeBucket) GetBucketPolicy(_ context.Context, _ *s3.GetBucketPolicyInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	if f.policy == nil {
		return nil, &smithy.GenericAPIError{Code: "NoSuchBucketPolicy", Message: "The bucket policy does not exist"}
	}
	return &s3.GetBucketPolicyOutput{Policy: f.policy}, nil
}

func (f *fakeBucket) PutBucketEncryption(_ context.Context, _ *s3.PutBucketEncryptionInput, _ ...func(*s3.Options)) (*s3.PutBucketEncryptionOutput, error) {
	f.calls = append(f.calls, "PutBucketEncryption")
	return &s3.PutBucketEncryptionOutput{}, nil
}

// Every bucket gets the TLS-only policy, after its public access block, on
// every target but moto (whose policy evaluation would refuse all object
// requests); Drift reports a deleted or edited policy.
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
			f := &fakeBucket{}
			b := NewBucket(f)
			var created []map[string]string
			req := ensureRequest(p, r, tg, &created)
			if _, err := b.Ensure(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			want := []string{"CreateBucket", "PutBucketTagging", "PutPublicAccessBlock", "PutBucketPolicy", "PutBucketEncryption"}
			if tg == targets.Moto {
				want = []string{"CreateBucket", "PutBucketTagging", "PutPublicAccessBlock", "PutBucketEncryption"}
			}
			if diff := cmp.Diff(want, f.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]map[string]string{{"name": r.Name}}, created); diff != "" {
				t.Errorf("reported created (-want +got):\n%s", diff)
			}
			if tg != targets.Moto && aws.ToString(f.policy) != string(r.Policy) {
				t.Errorf("put policy %s, want the planned one", aws.ToString(f.policy))
			}

			ctx := context.Background()
			if d, err := b.Drift(ctx, req.Env, r, nil); err != nil || d != "" {
				t.Errorf("drift after deploy = %q, %v", d, err)
			}
			if tg == targets.Moto {
				return
			}
			// S3 returns the policy compacted and with one-element lists
			// as plain values; that is the same policy.
			live := strings.NewReplacer(`["s3:*"]`, `"s3:*"`, `["false"]`, `"false"`).Replace(string(compactJSON(t, r.Policy)))
			f.policy = &live
			if d, err := b.Drift(ctx, req.Env, r, nil); err != nil || d != "" {
				t.Errorf("drift with S3's spelling of the same policy = %q, %v", d, err)
			}
			edited := strings.Replace(live, `"false"`, `"true"`, 1)
			f.policy = &edited
			if d, _ := b.Drift(ctx, req.Env, r, nil); !strings.Contains(d, "changed outside wireup") {
				t.Errorf("drift after an edit = %q", d)
			}
			f.policy = nil
			if d, _ := b.Drift(ctx, req.Env, r, nil); !strings.Contains(d, "deleted outside wireup") {
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
func TestBucketRecordedIsOwned(t *testing.T) {
	p := unitPlan(t, []string{"app-to-s3"})
	r := p.Resource(plan.IDBucket)
	b := NewBucket(&fakeBucket{exists: true})
	var created []map[string]string
	req := ensureRequest(p, r, targets.AWS, &created)
	if _, err := b.Ensure(context.Background(), req); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("untagged bucket not in the state: %v, want name taken", err)
	}
	req.Recorded = true
	if _, err := b.Ensure(context.Background(), req); err != nil {
		t.Errorf("untagged bucket the state records: %v", err)
	}
	if len(created) != 0 {
		t.Errorf("an adopted bucket reported as created: %v", created)
	}
}

// pagedBuckets serves ListBuckets in two pages, an unrelated bucket on the
// first and the project's on the second; a token it never handed out, or a
// request without MaxBuckets (which S3 answers in one page), fails. The
// embedded interface panics on any other call.
type pagedBuckets struct{ BucketAPI }

func (pagedBuckets) ListBuckets(_ context.Context, in *s3.ListBucketsInput, _ ...func(*s3.Options)) (*s3.ListBucketsOutput, error) {
	if in.MaxBuckets == nil {
		return nil, fmt.Errorf("ListBuckets without MaxBuckets")
	}
	switch aws.ToString(in.ContinuationToken) {
	case "":
		return &s3.ListBucketsOutput{Buckets: []s3types.Bucket{{Name: aws.String("other-bucket")}}, ContinuationToken: aws.String("page-2")}, nil
	case "page-2":
		return &s3.ListBucketsOutput{Buckets: []s3types.Bucket{{Name: aws.String("demo-bucket")}}}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.ContinuationToken))
}

func (pagedBuckets) GetBucketTagging(_ context.Context, in *s3.GetBucketTaggingInput, _ ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error) {
	if aws.ToString(in.Bucket) != "demo-bucket" {
		return nil, &smithy.GenericAPIError{Code: "NoSuchTagSet"}
	}
	return &s3.GetBucketTaggingOutput{TagSet: []s3types.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}, nil
}

func TestBucketListFollowsPages(t *testing.T) {
	got, err := NewBucket(pagedBuckets{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		Name    string
		Outputs map[string]string
		Owned   bool
	}
	var items []item
	for _, l := range got {
		tags, _ := l.Tags(context.Background())
		items = append(items, item{l.Name, l.Outputs, service.OwnedBy(tags, "demo")})
	}
	want := []item{
		{"other-bucket", map[string]string{"name": "other-bucket"}, false},
		{"demo-bucket", map[string]string{"name": "demo-bucket"}, true},
	}
	if d := cmp.Diff(want, items); d != "" {
		t.Errorf("listed buckets (-want +got):\n%s", d)
	}
}

// versionedBucket holds object versions listed in two pages and one
// unversioned object only ListObjectsV2 shows (as some emulators do); it
// records what is deleted, and HeadBucket finds the bucket once it is.
type versionedBucket struct {
	BucketAPI
	deleted []string
	plain   bool // the unversioned object is still there
	gone    bool
}

func (f *versionedBucket) ListObjectVersions(_ context.Context, in *s3.ListObjectVersionsInput, _ ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	switch km, vm := aws.ToString(in.KeyMarker), aws.ToString(in.VersionIdMarker); {
	case km == "" && vm == "":
		return &s3.ListObjectVersionsOutput{Versions: []s3types.ObjectVersion{{Key: aws.String("a"), VersionId: aws.String("1")}},
			IsTruncated: aws.Bool(true), NextKeyMarker: aws.String("a"), NextVersionIdMarker: aws.String("1")}, nil
	case km == "a" && vm == "1":
		return &s3.ListObjectVersionsOutput{DeleteMarkers: []s3types.DeleteMarkerEntry{{Key: aws.String("b"), VersionId: aws.String("2")}}}, nil
	}
	return nil, fmt.Errorf("unexpected markers %q, %q", aws.ToString(in.KeyMarker), aws.ToString(in.VersionIdMarker))
}

func (f *versionedBucket) ListObjectsV2(context.Context, *s3.ListObjectsV2Input, ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	if !f.plain {
		return &s3.ListObjectsV2Output{}, nil
	}
	return &s3.ListObjectsV2Output{Contents: []s3types.Object{{Key: aws.String("c")}}}, nil
}

func (f *versionedBucket) DeleteObjects(_ context.Context, in *s3.DeleteObjectsInput, _ ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	for _, o := range in.Delete.Objects {
		f.deleted = append(f.deleted, aws.ToString(o.Key)+"@"+aws.ToString(o.VersionId))
		if aws.ToString(o.Key) == "c" {
			f.plain = false
		}
	}
	return &s3.DeleteObjectsOutput{}, nil
}

func (f *versionedBucket) DeleteBucket(context.Context, *s3.DeleteBucketInput, ...func(*s3.Options)) (*s3.DeleteBucketOutput, error) {
	if f.plain || len(f.deleted) < 2 {
		return nil, &smithy.GenericAPIError{Code: "BucketNotEmpty"}
	}
	f.gone = true
	return &s3.DeleteBucketOutput{}, nil
}

func (f *versionedBucket) HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	if f.gone {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadBucketOutput{}, nil
}

// Delete empties every page of versions and delete markers, then what only
// ListObjectsV2 shows, before deleting the bucket.
func TestBucketDeleteEmptiesIt(t *testing.T) {
	f := &versionedBucket{plain: true}
	if err := NewBucket(f).Delete(context.Background(), service.Env{}, &service.Record{Name: "demo-bucket"}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"a@1", "b@2", "c@"}, f.deleted); d != "" {
		t.Errorf("deleted objects (-want +got):\n%s", d)
	}
	if !f.gone {
		t.Error("bucket not deleted")
	}
}

// keptBucket is a bucket holding objects (listed by ListObjectsV2) and
// versions (by ListObjectVersions), each listing truncated when more is
// set. It records every call; DeleteBucket refuses while anything is in
// it, or once when lateWrite says an object arrived after the listings.
type keptBucket struct {
	BucketAPI
	objects, versions int
	more, lateWrite   bool
	calls             []string
	gone              bool
}

func (f *keptBucket) ListObjectVersions(_ context.Context, _ *s3.ListObjectVersionsInput, _ ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	f.calls = append(f.calls, "ListObjectVersions")
	out := &s3.ListObjectVersionsOutput{IsTruncated: aws.Bool(f.more)}
	for i := range f.versions {
		out.Versions = append(out.Versions, s3types.ObjectVersion{Key: aws.String(fmt.Sprint("v", i)), VersionId: aws.String("1")})
	}
	return out, nil
}

func (f *keptBucket) ListObjectsV2(_ context.Context, _ *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	f.calls = append(f.calls, "ListObjectsV2")
	out := &s3.ListObjectsV2Output{IsTruncated: aws.Bool(f.more)}
	for i := range f.objects {
		out.Contents = append(out.Contents, s3types.Object{Key: aws.String(fmt.Sprint("o", i))})
	}
	return out, nil
}

func (f *keptBucket) DeleteObjects(_ context.Context, in *s3.DeleteObjectsInput, _ ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	f.calls = append(f.calls, "DeleteObjects")
	f.objects, f.versions = 0, 0
	return &s3.DeleteObjectsOutput{}, nil
}

func (f *keptBucket) DeleteBucket(context.Context, *s3.DeleteBucketInput, ...func(*s3.Options)) (*s3.DeleteBucketOutput, error) {
	f.calls = append(f.calls, "DeleteBucket")
	if f.objects+f.versions > 0 || f.lateWrite {
		return nil, &smithy.GenericAPIError{Code: "BucketNotEmpty", Message: "The bucket you tried to delete is not empty"}
	}
	f.gone = true
	return &s3.DeleteBucketOutput{}, nil
}

func (f *keptBucket) HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	if f.gone {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadBucketOutput{}, nil
}

// With s3.forceDestroy false, Delete keeps a bucket that holds anything
// (objects, versions, or an object written while it deletes) without
// deleting one object, and says why; an empty one it deletes. The setting
// comes from the deploy's inputs, or, for a bucket found by its tags, from
// the outputs List gave it; without either it is the spec's default, true.
func TestBucketDeleteHonoursForceDestroy(t *testing.T) {
	keep := map[string]string{"forceDestroy": "false"}
	for _, tc := range []struct {
		name       string
		rec        service.Record
		fake       *keptBucket
		wantCalls  []string
		wantReason string // "" when the bucket is deleted
	}{
		{name: "objects", rec: service.Record{Inputs: keep}, fake: &keptBucket{objects: 2, versions: 2},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2"}, wantReason: "it holds 2 objects and s3.forceDestroy is false"},
		{name: "one object", rec: service.Record{Inputs: keep}, fake: &keptBucket{objects: 1, versions: 1},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2"}, wantReason: "it holds 1 object and s3.forceDestroy is false"},
		{name: "many objects", rec: service.Record{Inputs: keep}, fake: &keptBucket{objects: 3, versions: 3, more: true},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2"}, wantReason: "it holds more than 3 objects and s3.forceDestroy is false"},
		// Only noncurrent versions: the data is still there.
		{name: "versions only", rec: service.Record{Inputs: keep}, fake: &keptBucket{versions: 4},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2"}, wantReason: "it holds 4 object versions and s3.forceDestroy is false"},
		{name: "written while deleting", rec: service.Record{Inputs: keep}, fake: &keptBucket{lateWrite: true},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2", "DeleteBucket"}, wantReason: "it received objects while destroy was deleting it and s3.forceDestroy is false"},
		{name: "found by tags", rec: service.Record{Outputs: map[string]string{"name": "demo-bucket", "forceDestroy": "false"}}, fake: &keptBucket{objects: 1, versions: 1},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2"}, wantReason: "it holds 1 object and s3.forceDestroy is false"},
		{name: "empty", rec: service.Record{Inputs: keep}, fake: &keptBucket{},
			wantCalls: []string{"ListObjectVersions", "ListObjectsV2", "DeleteBucket"}},
		{name: "force", rec: service.Record{Inputs: map[string]string{"forceDestroy": "true"}}, fake: &keptBucket{objects: 1, versions: 1},
			wantCalls: []string{"ListObjectVersions", "DeleteObjects", "ListObjectsV2", "DeleteBucket"}},
		{name: "default", rec: service.Record{}, fake: &keptBucket{objects: 1, versions: 1},
			wantCalls: []string{"ListObjectVersions", "DeleteObjects", "ListObjectsV2", "DeleteBucket"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.rec.Kind, tc.rec.Name = string(plan.KindBucket), "demo-bucket"
			err := NewBucket(tc.fake).Delete(context.Background(), service.Env{}, &tc.rec)
			if d := cmp.Diff(tc.wantCalls, tc.fake.calls); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
			var kept *KeptError
			switch {
			case tc.wantReason == "" && err != nil:
				t.Fatalf("Delete: %v, want the bucket deleted", err)
			case tc.wantReason == "":
				if !tc.fake.gone {
					t.Error("bucket not deleted")
				}
			case !errors.As(err, &kept):
				t.Fatalf("Delete = %v, want a *KeptError", err)
			default:
				if kept.Bucket != "demo-bucket" || kept.Reason() != tc.wantReason {
					t.Errorf("kept %q because %q, want demo-bucket because %q", kept.Bucket, kept.Reason(), tc.wantReason)
				}
				for _, want := range []string{"kept: " + tc.wantReason, "aws s3 rm s3://demo-bucket --recursive", "s3.forceDestroy: true", "wireup deploy"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("message lacks %q: %s", want, err)
					}
				}
				if tc.fake.gone || slices.Contains(tc.fake.calls, "DeleteObjects") {
					t.Error("a kept bucket lost objects or was deleted")
				}
			}
		})
	}
}

// A bucket destroy finds by its tags carries the plan's s3.forceDestroy in
// its outputs: its own bucket's, or the project's for a bucket an older
// spec named.
func TestBucketListCarriesForceDestroy(t *testing.T) {
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDBucket, Kind: plan.KindBucket, Name: "demo-bucket", Settings: map[string]string{"forceDestroy": "false"}}}}
	got, err := NewBucket(pagedBuckets{}).List(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var outputs []map[string]string
	for _, l := range got {
		outputs = append(outputs, l.Outputs)
	}
	want := []map[string]string{{"name": "other-bucket", "forceDestroy": "false"}, {"name": "demo-bucket", "forceDestroy": "false"}}
	if d := cmp.Diff(want, outputs); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	for _, rec := range []*service.Record{{Outputs: outputs[1]}, {Inputs: map[string]string{"forceDestroy": "false"}, Outputs: map[string]string{"forceDestroy": "true"}}} {
		if ForceDestroy(rec) {
			t.Errorf("ForceDestroy(%+v) = true, want the recorded false", rec)
		}
	}
}

// lifecycleBucket records the lifecycle rule Ensure puts.
type lifecycleBucket struct {
	fakeBucket
	rules []s3types.LifecycleRule
}

func (f *lifecycleBucket) PutBucketLifecycleConfiguration(_ context.Context, in *s3.PutBucketLifecycleConfigurationInput, _ ...func(*s3.Options)) (*s3.PutBucketLifecycleConfigurationOutput, error) {
	f.rules = in.LifecycleConfiguration.Rules
	return &s3.PutBucketLifecycleConfigurationOutput{}, nil
}

// A bucket that holds Athena's query results expires them after the
// planned days; a bucket without the setting gets no lifecycle rule (the
// fake would panic on the call).
func TestBucketExpiresQueryResults(t *testing.T) {
	p := unitPlan(t, []string{"app-to-s3"})
	r := *p.Resource(plan.IDBucket)
	r.Settings = map[string]string{"expirePrefix": "athena-results/", "expireDays": "7"}
	f := &lifecycleBucket{}
	var created []map[string]string
	if _, err := NewBucket(f).Ensure(context.Background(), ensureRequest(p, &r, targets.Moto, &created)); err != nil {
		t.Fatal(err)
	}
	if len(f.rules) != 1 || aws.ToString(f.rules[0].Filter.Prefix) != "athena-results/" || aws.ToInt32(f.rules[0].Expiration.Days) != 7 ||
		f.rules[0].Status != s3types.ExpirationStatusEnabled {
		t.Errorf("lifecycle rules = %+v", f.rules)
	}
	if _, err := NewBucket(&fakeBucket{}).Ensure(context.Background(), ensureRequest(p, p.Resource(plan.IDBucket), targets.Moto, &created)); err != nil {
		t.Fatal(err)
	}
}
