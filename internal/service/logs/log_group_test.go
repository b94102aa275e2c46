package logs

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeGroups keeps log groups by name, with their tags and retention, and
// serves DescribeLogGroups one group a page, as a prefix match; a token it
// never handed out fails the request. The embedded interface panics on
// any other call.
type fakeGroups struct {
	LogGroupAPI
	groups  map[string]*cwltypes.LogGroup
	tags    map[string]map[string]string // by ARN
	streams map[string]bool              // group|stream
	calls   []string
}

func newFakeGroups() *fakeGroups {
	return &fakeGroups{groups: map[string]*cwltypes.LogGroup{}, tags: map[string]map[string]string{}, streams: map[string]bool{}}
}

func (f *fakeGroups) add(name string, tags map[string]string) {
	arn := "arn:aws:logs:us-east-1:123456789012:log-group:" + name
	f.groups[name] = &cwltypes.LogGroup{LogGroupName: aws.String(name), Arn: aws.String(arn + ":*")}
	f.tags[arn] = tags
}

func (f *fakeGroups) CreateLogGroup(_ context.Context, in *cloudwatchlogs.CreateLogGroupInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogGroupOutput, error) {
	n := aws.ToString(in.LogGroupName)
	f.calls = append(f.calls, fmt.Sprintf("CreateLogGroup %s %v", n, in.Tags))
	if f.groups[n] != nil {
		return nil, &cwltypes.ResourceAlreadyExistsException{Message: aws.String("The specified log group already exists")}
	}
	f.add(n, in.Tags)
	return &cloudwatchlogs.CreateLogGroupOutput{}, nil
}

func (f *fakeGroups) PutRetentionPolicy(_ context.Context, in *cloudwatchlogs.PutRetentionPolicyInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutRetentionPolicyOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("PutRetentionPolicy %s %d", aws.ToString(in.LogGroupName), aws.ToInt32(in.RetentionInDays)))
	f.groups[aws.ToString(in.LogGroupName)].RetentionInDays = in.RetentionInDays
	return &cloudwatchlogs.PutRetentionPolicyOutput{}, nil
}

func (f *fakeGroups) DescribeLogGroups(_ context.Context, in *cloudwatchlogs.DescribeLogGroupsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error) {
	var match []cwltypes.LogGroup
	for _, n := range []string{"/wireup/demo", "/wireup/demo-old", "/wireup/demo/app", "/other"} {
		if g := f.groups[n]; g != nil && len(n) >= len(aws.ToString(in.LogGroupNamePrefix)) && n[:len(aws.ToString(in.LogGroupNamePrefix))] == aws.ToString(in.LogGroupNamePrefix) {
			match = append(match, *g)
		}
	}
	i := 0
	if tok := aws.ToString(in.NextToken); tok != "" {
		if _, err := fmt.Sscanf(tok, "page-%d", &i); err != nil || i >= len(match) {
			return nil, fmt.Errorf("unexpected NextToken %q", tok)
		}
	}
	if i >= len(match) {
		return &cloudwatchlogs.DescribeLogGroupsOutput{}, nil
	}
	out := &cloudwatchlogs.DescribeLogGroupsOutput{LogGroups: match[i : i+1]}
	if i+1 < len(match) {
		out.NextToken = aws.String(fmt.Sprintf("page-%d", i+1))
	}
	return out, nil
}

func (f *fakeGroups) ListTagsForResource(_ context.Context, in *cloudwatchlogs.ListTagsForResourceInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.ListTagsForResourceOutput, error) {
	t, ok := f.tags[aws.ToString(in.ResourceArn)]
	if !ok {
		return nil, &cwltypes.ResourceNotFoundException{Message: aws.String("no resource " + aws.ToString(in.ResourceArn))}
	}
	return &cloudwatchlogs.ListTagsForResourceOutput{Tags: t}, nil
}

func (f *fakeGroups) CreateLogStream(_ context.Context, in *cloudwatchlogs.CreateLogStreamInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogStreamOutput, error) {
	f.calls = append(f.calls, "CreateLogStream "+aws.ToString(in.LogGroupName)+" "+aws.ToString(in.LogStreamName))
	key := aws.ToString(in.LogGroupName) + "|" + aws.ToString(in.LogStreamName)
	if f.streams[key] {
		return nil, &cwltypes.ResourceAlreadyExistsException{Message: aws.String("The specified log stream already exists")}
	}
	f.streams[key] = true
	return &cloudwatchlogs.CreateLogStreamOutput{}, nil
}

func (f *fakeGroups) DeleteLogGroup(_ context.Context, in *cloudwatchlogs.DeleteLogGroupInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DeleteLogGroupOutput, error) {
	n := aws.ToString(in.LogGroupName)
	f.calls = append(f.calls, "DeleteLogGroup "+n)
	if f.groups[n] == nil {
		return nil, &cwltypes.ResourceNotFoundException{Message: aws.String("The specified log group does not exist")}
	}
	delete(f.groups, n)
	return &cloudwatchlogs.DeleteLogGroupOutput{}, nil
}

func groupRequest(created *[]map[string]string) *service.Request {
	return &service.Request{
		Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
		Resource: &plan.Resource{ID: plan.IDLogGroup, Kind: plan.KindLogGroup, Name: "/wireup/demo", Settings: map[string]string{"retentionDays": "7"}},
		Inputs:   map[string]string{"retentionDays": "7", "logStreams": "DestinationDelivery"},
		Created:  func(m map[string]string) { *created = append(*created, m) },
	}
}

// Ensure creates the tagged group, records it at once, sets its retention,
// creates its log stream and reports its ARN without DescribeLogGroups'
// ":*"; a second Ensure adopts it and finds the stream there; Delete deletes it, and it no longer exists.
func TestLogGroupEnsureAdoptDelete(t *testing.T) {
	f := newFakeGroups()
	f.add("/wireup/demo-old", nil) // shares the prefix: find must page past it
	delete(f.groups, "/wireup/demo-old")
	g := NewLogGroup(f)
	var created []map[string]string
	out, err := g.Ensure(context.Background(), groupRequest(&created))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "/wireup/demo", "arn": "arn:aws:logs:us-east-1:123456789012:log-group:/wireup/demo"}
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]map[string]string{{"name": "/wireup/demo"}}, created); d != "" {
		t.Errorf("created (-want +got):\n%s", d)
	}
	if _, err := g.Ensure(context.Background(), groupRequest(&created)); err != nil {
		t.Fatalf("second Ensure: %v", err)
	}
	rec := &service.Record{Kind: string(plan.KindLogGroup), Name: "/wireup/demo", Outputs: out}
	if d, err := g.Drift(context.Background(), service.Env{}, groupRequest(&created).Resource, rec); d != "" || err != nil {
		t.Errorf("Drift = %q, %v; want none", d, err)
	}
	if err := g.Delete(context.Background(), service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	wantCalls := []string{
		"CreateLogGroup /wireup/demo map[wireup:project:demo]", "PutRetentionPolicy /wireup/demo 7", "CreateLogStream /wireup/demo DestinationDelivery",
		"CreateLogGroup /wireup/demo map[wireup:project:demo]", "PutRetentionPolicy /wireup/demo 7", "CreateLogStream /wireup/demo DestinationDelivery",
		"DeleteLogGroup /wireup/demo",
	}
	if d := cmp.Diff(wantCalls, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	if ok, err := g.Exists(context.Background(), service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v; want false, nil", ok, err)
	}
	if err := g.Delete(context.Background(), service.Env{}, rec); !service.IsNotFound(err) {
		t.Errorf("Delete of a deleted group = %v, want not found", err)
	}
}

// A group of that name that is not the project's is never adopted (so
// destroy never deletes it), unless the state records it.
func TestLogGroupNameTaken(t *testing.T) {
	f := newFakeGroups()
	f.add("/wireup/demo", map[string]string{"team": "ops"})
	var created []map[string]string
	req := groupRequest(&created)
	if _, err := NewLogGroup(f).Ensure(context.Background(), req); !errors.Is(err, service.ErrNameTaken) {
		t.Fatalf("Ensure over someone else's group: %v, want name taken", err)
	}
	if len(created) != 0 || len(f.calls) != 1 {
		t.Errorf("recorded %v and called %v: want only the refused create", created, f.calls)
	}
	req.Recorded = true
	if _, err := NewLogGroup(f).Ensure(context.Background(), req); err != nil {
		t.Errorf("Ensure of a recorded group: %v", err)
	}
}

// A retention changed by hand is drift.
func TestLogGroupDrift(t *testing.T) {
	f := newFakeGroups()
	f.add("/wireup/demo", nil)
	f.groups["/wireup/demo"].RetentionInDays = aws.Int32(1)
	r := &plan.Resource{Kind: plan.KindLogGroup, Name: "/wireup/demo", Settings: map[string]string{"retentionDays": "7"}}
	got, err := NewLogGroup(f).Drift(context.Background(), service.Env{}, r, &service.Record{Name: "/wireup/demo"})
	if err != nil || got != "retention is 1 days, the plan says 7" {
		t.Errorf("Drift = %q, %v", got, err)
	}
}

// List pages through the default prefix and the plan's own group name
// and reads tags lazily; a group under both prefixes is listed once.
func TestLogGroupListFollowsPages(t *testing.T) {
	f := newFakeGroups()
	f.add("/wireup/demo", map[string]string{plan.TagProject: "demo"})
	f.add("/wireup/demo/app", map[string]string{plan.TagProject: "demo"})
	f.add("/other", map[string]string{"team": "ops"})
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{Kind: plan.KindLogGroup, Name: "/other"}}}
	got, err := NewLogGroup(f).List(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	owned := map[string]bool{}
	for _, l := range got {
		names = append(names, l.Name)
		tags, err := l.Tags(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", l.Name, err)
		}
		owned[l.Name] = service.OwnedBy(tags, "demo")
	}
	if d := cmp.Diff([]string{"/wireup/demo", "/wireup/demo/app", "/other"}, names); d != "" {
		t.Errorf("listed (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]bool{"/wireup/demo": true, "/wireup/demo/app": true, "/other": false}, owned); d != "" {
		t.Errorf("owned (-want +got):\n%s", d)
	}
}
