package logs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeFilters keeps one log group's filters. PutSubscriptionFilter fails
// with InvalidParameterException the first refuse times, as CloudWatch
// Logs does while a new role is not visible to it yet.
type fakeFilters struct {
	SubscriptionFilterAPI
	refuse  int
	filters map[string]cwltypes.SubscriptionFilter
	calls   []string
}

func (f *fakeFilters) PutSubscriptionFilter(_ context.Context, in *cloudwatchlogs.PutSubscriptionFilterInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutSubscriptionFilterOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("PutSubscriptionFilter %s %s %q %s role=%s %s", aws.ToString(in.LogGroupName), aws.ToString(in.FilterName),
		aws.ToString(in.FilterPattern), aws.ToString(in.DestinationArn), aws.ToString(in.RoleArn), in.Distribution))
	if f.refuse > 0 {
		f.refuse--
		return nil, &cwltypes.InvalidParameterException{Message: aws.String("Could not deliver test message to specified destination. Check if the destination is valid.")}
	}
	f.filters[aws.ToString(in.FilterName)] = cwltypes.SubscriptionFilter{FilterName: in.FilterName, LogGroupName: in.LogGroupName,
		FilterPattern: in.FilterPattern, DestinationArn: in.DestinationArn, RoleArn: in.RoleArn, Distribution: in.Distribution}
	return &cloudwatchlogs.PutSubscriptionFilterOutput{}, nil
}

func (f *fakeFilters) DescribeSubscriptionFilters(_ context.Context, in *cloudwatchlogs.DescribeSubscriptionFiltersInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeSubscriptionFiltersOutput, error) {
	if aws.ToString(in.LogGroupName) != "/wireup/demo" {
		return nil, &cwltypes.ResourceNotFoundException{Message: aws.String("The specified log group does not exist.")}
	}
	// Two pages: another filter sharing the prefix first.
	if in.NextToken == nil {
		return &cloudwatchlogs.DescribeSubscriptionFiltersOutput{SubscriptionFilters: []cwltypes.SubscriptionFilter{{FilterName: aws.String("demo-old")}},
			NextToken: aws.String("page-2")}, nil
	}
	if aws.ToString(in.NextToken) != "page-2" {
		return nil, fmt.Errorf("unexpected NextToken %q", aws.ToString(in.NextToken))
	}
	var out []cwltypes.SubscriptionFilter
	if sf, ok := f.filters[aws.ToString(in.FilterNamePrefix)]; ok {
		out = append(out, sf)
	}
	return &cloudwatchlogs.DescribeSubscriptionFiltersOutput{SubscriptionFilters: out}, nil
}

func (f *fakeFilters) DeleteSubscriptionFilter(_ context.Context, in *cloudwatchlogs.DeleteSubscriptionFilterInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DeleteSubscriptionFilterOutput, error) {
	f.calls = append(f.calls, "DeleteSubscriptionFilter "+aws.ToString(in.LogGroupName)+" "+aws.ToString(in.FilterName))
	delete(f.filters, aws.ToString(in.FilterName))
	return &cloudwatchlogs.DeleteSubscriptionFilterOutput{}, nil
}

// retryN is the engine's Retry, bounded to n calls, without sleeping.
func retryN(n int, retried *int) func(context.Context, func(error) bool, func() error) error {
	return func(_ context.Context, transient func(error) bool, fn func() error) error {
		var err error
		for range n {
			if err = fn(); err == nil || !transient(err) {
				return err
			}
			*retried++
		}
		return err
	}
}

const stream = "arn:aws:kinesis:us-east-1:123456789012:stream/demo-stream"

// Ensure retries the put while CloudWatch Logs cannot reach the
// destination yet, then reports the filter; the same put again replaces
// it; a hand edit of the destination is drift; Delete removes it.
func TestSubscriptionFilterEnsureDelete(t *testing.T) {
	f := &fakeFilters{refuse: 2, filters: map[string]cwltypes.SubscriptionFilter{}}
	sf := NewSubscriptionFilter(f)
	retried := 0
	inputs := map[string]string{"logGroupName": "/wireup/demo", "filterPattern": "", "destinationArn": stream,
		"roleArn": "arn:aws:iam::123456789012:role/demo-logs", "distribution": "ByLogStream"}
	req := &service.Request{
		Env:      service.Env{Retry: retryN(5, &retried)},
		Plan:     &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{ID: plan.IDSubscriptionFilter, Kind: plan.KindSubscriptionFilter, Name: "demo"},
		Inputs:   inputs,
		Created:  func(map[string]string) {},
	}
	out, err := sf.Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if retried != 2 {
		t.Errorf("retried %d times, want 2", retried)
	}
	if d := cmp.Diff(map[string]string{"logGroupName": "/wireup/demo", "filterName": "demo"}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if _, err := sf.Ensure(context.Background(), req); err != nil {
		t.Fatalf("second Ensure: %v", err)
	}
	rec := &service.Record{Kind: string(plan.KindSubscriptionFilter), Name: "demo", Inputs: inputs, Outputs: out}
	if ok, err := sf.Exists(context.Background(), service.Env{}, rec); !ok || err != nil {
		t.Errorf("Exists = %t, %v; want true", ok, err)
	}
	if d, err := sf.Drift(context.Background(), service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("Drift = %q, %v; want none", d, err)
	}
	edited := f.filters["demo"]
	edited.DestinationArn, edited.FilterPattern = aws.String(stream+"-other"), aws.String("ERROR")
	f.filters["demo"] = edited
	if d, _ := sf.Drift(context.Background(), service.Env{}, nil, rec); d != `sends to `+stream+`-other, the plan says `+stream+`; filter pattern is "ERROR", the plan says ""` {
		t.Errorf("Drift after a hand edit = %q", d)
	}
	if err := sf.Delete(context.Background(), service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	put := `PutSubscriptionFilter /wireup/demo demo "" ` + stream + ` role=arn:aws:iam::123456789012:role/demo-logs ByLogStream`
	if d := cmp.Diff([]string{put, put, put, put, "DeleteSubscriptionFilter /wireup/demo demo"}, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	if ok, err := sf.Exists(context.Background(), service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v; want false, nil", ok, err)
	}
	gone := &service.Record{Outputs: map[string]string{"logGroupName": "/wireup/gone", "filterName": "demo"}}
	if ok, err := sf.Exists(context.Background(), service.Env{}, gone); ok || err != nil {
		t.Errorf("Exists in a deleted group = %t, %v; want false, nil", ok, err)
	}
}

// A destination that stays unreachable fails once the retries are spent,
// saying which filter and group.
func TestSubscriptionFilterGivesUp(t *testing.T) {
	f := &fakeFilters{refuse: 10, filters: map[string]cwltypes.SubscriptionFilter{}}
	retried := 0
	_, err := NewSubscriptionFilter(f).Ensure(context.Background(), &service.Request{
		Env:      service.Env{Retry: retryN(3, &retried), MaxWait: time.Second},
		Plan:     &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{Kind: plan.KindSubscriptionFilter, Name: "demo"},
		Inputs:   map[string]string{"logGroupName": "/wireup/demo", "destinationArn": stream},
		Created:  func(map[string]string) { t.Error("recorded a filter that was never put") },
	})
	if err == nil || retried != 3 || !strings.Contains(err.Error(), "put subscription filter demo on log group /wireup/demo") {
		t.Errorf("Ensure = %v after %d retries", err, retried)
	}
}
