package athena

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"
)

// fakeAthena keeps workgroups and named queries in memory. ListWorkGroups
// and ListNamedQueries serve one item per page and fail on a token they
// never handed out. With motoDeleted, GetWorkGroup of a deleted workgroup
// answers an empty one, as moto does.
type fakeAthena struct {
	WorkGroupAPI // panics on anything the fake does not serve
	wgs          map[string]*athenatypes.WorkGroup
	tags         map[string][]athenatypes.Tag // by ARN
	queries      map[string]*athenatypes.NamedQuery
	tokens       map[string]string // ClientRequestToken → id
	calls        []string
	motoDeleted  bool
}

func newFake() *fakeAthena {
	return &fakeAthena{wgs: map[string]*athenatypes.WorkGroup{}, tags: map[string][]athenatypes.Tag{},
		queries: map[string]*athenatypes.NamedQuery{}, tokens: map[string]string{}}
}

func invalid(msg string) error {
	return &smithy.GenericAPIError{Code: "InvalidRequestException", Message: msg}
}

const account = "arn:aws:athena:us-east-1:123456789012:workgroup/"

func (f *fakeAthena) CreateWorkGroup(_ context.Context, in *athena.CreateWorkGroupInput, _ ...func(*athena.Options)) (*athena.CreateWorkGroupOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "CreateWorkGroup "+n)
	if f.wgs[n] != nil {
		return nil, invalid("WorkGroup " + n + " is already created")
	}
	f.wgs[n] = &athenatypes.WorkGroup{Name: in.Name, Configuration: in.Configuration, State: athenatypes.WorkGroupStateEnabled}
	f.tags[account+n] = in.Tags
	return &athena.CreateWorkGroupOutput{}, nil
}

func (f *fakeAthena) GetWorkGroup(_ context.Context, in *athena.GetWorkGroupInput, _ ...func(*athena.Options)) (*athena.GetWorkGroupOutput, error) {
	wg := f.wgs[aws.ToString(in.WorkGroup)]
	switch {
	case wg == nil && f.motoDeleted:
		return &athena.GetWorkGroupOutput{}, nil
	case wg == nil:
		return nil, invalid("WorkGroup is not found.")
	}
	return &athena.GetWorkGroupOutput{WorkGroup: wg}, nil
}

func (f *fakeAthena) UpdateWorkGroup(_ context.Context, in *athena.UpdateWorkGroupInput, _ ...func(*athena.Options)) (*athena.UpdateWorkGroupOutput, error) {
	n := aws.ToString(in.WorkGroup)
	f.calls = append(f.calls, "UpdateWorkGroup "+n)
	u, c := in.ConfigurationUpdates, f.wgs[n].Configuration
	c.EnforceWorkGroupConfiguration, c.BytesScannedCutoffPerQuery = u.EnforceWorkGroupConfiguration, u.BytesScannedCutoffPerQuery
	c.ResultConfiguration = &athenatypes.ResultConfiguration{OutputLocation: u.ResultConfigurationUpdates.OutputLocation,
		EncryptionConfiguration: u.ResultConfigurationUpdates.EncryptionConfiguration}
	f.wgs[n].State = in.State
	return &athena.UpdateWorkGroupOutput{}, nil
}

func (f *fakeAthena) DeleteWorkGroup(_ context.Context, in *athena.DeleteWorkGroupInput, _ ...func(*athena.Options)) (*athena.DeleteWorkGroupOutput, error) {
	n := aws.ToString(in.WorkGroup)
	f.calls = append(f.calls, fmt.Sprintf("DeleteWorkGroup %s recursive=%t", n, aws.ToBool(in.RecursiveDeleteOption)))
	if f.wgs[n] == nil {
		return nil, invalid("WorkGroup is not found.")
	}
	delete(f.wgs, n)
	return &athena.DeleteWorkGroupOutput{}, nil
}

// page returns the item at the token's position and the next token.
func page(items []string, token *string) ([]string, *string, error) {
	i := 0
	if t := aws.ToString(token); t != "" {
		if _, err := fmt.Sscanf(t, "page-%d", &i); err != nil || i <= 0 || i >= len(items) {
			return nil, nil, fmt.Errorf("unexpected page token %q", t)
		}
	}
	if len(items) == 0 {
		return nil, nil, nil
	}
	var next *string
	if i+1 < len(items) {
		next = aws.String(fmt.Sprintf("page-%d", i+1))
	}
	return items[i : i+1], next, nil
}

func keys[T any](m map[string]T) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (f *fakeAthena) ListWorkGroups(_ context.Context, in *athena.ListWorkGroupsInput, _ ...func(*athena.Options)) (*athena.ListWorkGroupsOutput, error) {
	names, next, err := page(keys(f.wgs), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &athena.ListWorkGroupsOutput{NextToken: next}
	for _, n := range names {
		out.WorkGroups = append(out.WorkGroups, athenatypes.WorkGroupSummary{Name: aws.String(n)})
	}
	return out, nil
}

func (f *fakeAthena) ListTagsForResource(_ context.Context, in *athena.ListTagsForResourceInput, _ ...func(*athena.Options)) (*athena.ListTagsForResourceOutput, error) {
	t, ok := f.tags[aws.ToString(in.ResourceARN)]
	if !ok {
		return nil, invalid("resource not found: " + aws.ToString(in.ResourceARN))
	}
	return &athena.ListTagsForResourceOutput{Tags: t}, nil
}

func (f *fakeAthena) CreateNamedQuery(_ context.Context, in *athena.CreateNamedQueryInput, _ ...func(*athena.Options)) (*athena.CreateNamedQueryOutput, error) {
	f.calls = append(f.calls, "CreateNamedQuery "+aws.ToString(in.Name))
	if id, ok := f.tokens[aws.ToString(in.ClientRequestToken)]; ok {
		return &athena.CreateNamedQueryOutput{NamedQueryId: aws.String(id)}, nil
	}
	id := fmt.Sprintf("q%d", len(f.tokens)+1)
	f.tokens[aws.ToString(in.ClientRequestToken)] = id
	f.queries[id] = &athenatypes.NamedQuery{NamedQueryId: aws.String(id), Name: in.Name, Database: in.Database, QueryString: in.QueryString,
		WorkGroup: in.WorkGroup, Description: in.Description}
	return &athena.CreateNamedQueryOutput{NamedQueryId: aws.String(id)}, nil
}

func (f *fakeAthena) GetNamedQuery(_ context.Context, in *athena.GetNamedQueryInput, _ ...func(*athena.Options)) (*athena.GetNamedQueryOutput, error) {
	q := f.queries[aws.ToString(in.NamedQueryId)]
	if q == nil {
		return nil, invalid("NamedQuery does not exist")
	}
	return &athena.GetNamedQueryOutput{NamedQuery: q}, nil
}

func (f *fakeAthena) ListNamedQueries(_ context.Context, in *athena.ListNamedQueriesInput, _ ...func(*athena.Options)) (*athena.ListNamedQueriesOutput, error) {
	var ids []string
	for _, id := range keys(f.queries) {
		if aws.ToString(f.queries[id].WorkGroup) == aws.ToString(in.WorkGroup) {
			ids = append(ids, id)
		}
	}
	got, next, err := page(ids, in.NextToken)
	return &athena.ListNamedQueriesOutput{NamedQueryIds: got, NextToken: next}, err
}

func (f *fakeAthena) BatchGetNamedQuery(_ context.Context, in *athena.BatchGetNamedQueryInput, _ ...func(*athena.Options)) (*athena.BatchGetNamedQueryOutput, error) {
	out := &athena.BatchGetNamedQueryOutput{}
	for _, id := range in.NamedQueryIds {
		out.NamedQueries = append(out.NamedQueries, *f.queries[id])
	}
	return out, nil
}

func (f *fakeAthena) UpdateNamedQuery(_ context.Context, in *athena.UpdateNamedQueryInput, _ ...func(*athena.Options)) (*athena.UpdateNamedQueryOutput, error) {
	f.calls = append(f.calls, "UpdateNamedQuery "+aws.ToString(in.NamedQueryId))
	q := f.queries[aws.ToString(in.NamedQueryId)]
	q.QueryString, q.Name, q.Description = in.QueryString, in.Name, in.Description
	return &athena.UpdateNamedQueryOutput{}, nil
}

func (f *fakeAthena) DeleteNamedQuery(_ context.Context, in *athena.DeleteNamedQueryInput, _ ...func(*athena.Options)) (*athena.DeleteNamedQueryOutput, error) {
	id := aws.ToString(in.NamedQueryId)
	f.calls = append(f.calls, "DeleteNamedQuery "+id)
	if f.queries[id] == nil {
		return nil, invalid("NamedQuery does not exist")
	}
	delete(f.queries, id)
	return &athena.DeleteNamedQueryOutput{}, nil
}
