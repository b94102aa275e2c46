package deploy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/quicksight"
	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	svcqs "github.com/wireup/wireup/internal/service/quicksight"
	"github.com/wireup/wireup/internal/service/quicksight/account"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// No emulator has QuickSight's API (moto 5.2.1 lacks
// DescribeAccountSubscription, DescribeDataSet, DeleteDataSet and the
// permissions calls), so issue #14's lifecycle of athena-to-quicksight
// and redshift-to-quicksight (deploy, re-deploy as a no-op, destroy with
// nothing left) is proven here: the real engine runs the real plan, with
// the real QuickSight kinds on fakeQS, an in-memory QuickSight whose
// answers have the API reference's shapes
// (https://docs.aws.amazon.com/quicksight/latest/APIReference/), and a
// stand-in for every other kind, whose outputs fill the references as a
// real deploy's would.

const (
	qsAccount = "111111111111"
	qsRegion  = "us-east-1"
	qsUser    = "jane"
	qsUserARN = "arn:aws:quicksight:us-east-1:" + qsAccount + ":user/default/" + qsUser
	// qsIntruder is whom a hand edit shares the project's resources with.
	qsIntruder = "arn:aws:quicksight:us-east-1:" + qsAccount + ":user/default/mallory"
	// qsRows is what the fake's SPICE ingestions report ingested.
	qsRows = 42
)

// qsResource is one data source or dataset the fake holds.
type qsResource struct {
	arn, id string
	tags    []qstypes.Tag
	perms   map[string][]string // principal ARN -> actions
	// describes counts DescribeDataSource calls since the last create or
	// update: the first answers *_IN_PROGRESS.
	describes int
	updated   bool
	source    *quicksight.CreateDataSourceInput
	set       *quicksight.CreateDataSetInput
}

// fakeQS is an in-memory QuickSight of one account, with one pre-existing
// data source and dataset of someone else's, listed first, so that a
// listing finds the project's only on a later page.
type fakeQS struct {
	mu       sync.Mutex
	calls    map[string]int
	subErr   error // DescribeAccountSubscription's answer, when set
	sources  map[string]*qsResource
	sets     map[string]*qsResource
	order    []string       // ids in creation order, data sources and datasets apart ("datasource/ID")
	ingests  map[string]int // ingestion id -> DescribeIngestion calls
	deletion []string       // what was deleted, in order
}

func newFakeQS() *fakeQS {
	f := &fakeQS{calls: map[string]int{}, sources: map[string]*qsResource{}, sets: map[string]*qsResource{}, ingests: map[string]int{}}
	f.sources["other-team-source"] = f.add("datasource", "other-team-source")
	f.sets["other-team-set"] = f.add("dataset", "other-team-set")
	return f
}

func (f *fakeQS) add(typ, id string) *qsResource {
	f.order = append(f.order, typ+"/"+id)
	return &qsResource{arn: "arn:aws:quicksight:" + qsRegion + ":" + qsAccount + ":" + typ + "/" + id, id: id, perms: map[string][]string{}}
}

// do counts one call of op and holds the fake until the func it returns
// runs: the engine calls concurrently.
func (f *fakeQS) do(op string) (unlock func()) {
	f.mu.Lock()
	f.calls[op]++
	return f.mu.Unlock
}

// writes are the calls since a snapshot of f.calls that change
// something, refused ones included.
func (f *fakeQS) writes(since map[string]int) map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for op, n := range f.calls {
		if !strings.HasPrefix(op, "Describe") && !strings.HasPrefix(op, "List") && n > since[op] {
			out[op] = n - since[op]
		}
	}
	return out
}

func (f *fakeQS) snapshot() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.calls)
}

// project is what the fake holds beyond the other team's resources.
func (f *fakeQS) project() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.sources {
		if id != "other-team-source" {
			out = append(out, "datasource/"+id)
		}
	}
	for id := range f.sets {
		if id != "other-team-set" {
			out = append(out, "dataset/"+id)
		}
	}
	slices.Sort(out)
	return out
}

func notFound(what string) error {
	return &qstypes.ResourceNotFoundException{Message: aws.String(what + " not found"), RequestId: aws.String("req-nf")}
}

func permsOf(ps []qstypes.ResourcePermission) map[string][]string {
	m := map[string][]string{}
	for _, p := range ps {
		m[aws.ToString(p.Principal)] = append(m[aws.ToString(p.Principal)], p.Actions...)
	}
	return m
}

func (r *qsResource) permissions() []qstypes.ResourcePermission {
	var out []qstypes.ResourcePermission
	for _, pr := range slices.Sorted(maps.Keys(r.perms)) {
		out = append(out, qstypes.ResourcePermission{Principal: aws.String(pr), Actions: slices.Clone(r.perms[pr])})
	}
	return out
}

// change grants and revokes, as Update*Permissions do.
func (r *qsResource) change(grant, revoke []qstypes.ResourcePermission) {
	for _, p := range revoke {
		pr := aws.ToString(p.Principal)
		r.perms[pr] = slices.DeleteFunc(r.perms[pr], func(a string) bool { return slices.Contains(p.Actions, a) })
		if len(r.perms[pr]) == 0 {
			delete(r.perms, pr)
		}
	}
	for _, p := range grant {
		pr := aws.ToString(p.Principal)
		for _, a := range p.Actions {
			if !slices.Contains(r.perms[pr], a) {
				r.perms[pr] = append(r.perms[pr], a)
			}
		}
	}
}

// status is a data source's status, in progress on the first describe
// after a create or update.
func (r *qsResource) status() qstypes.ResourceStatus {
	r.describes++
	switch {
	case r.describes == 1 && r.updated:
		return qstypes.ResourceStatusUpdateInProgress
	case r.describes == 1:
		return qstypes.ResourceStatusCreationInProgress
	case r.updated:
		return qstypes.ResourceStatusUpdateSuccessful
	}
	return qstypes.ResourceStatusCreationSuccessful
}

func (f *fakeQS) DescribeAccountSubscription(_ context.Context, in *quicksight.DescribeAccountSubscriptionInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeAccountSubscriptionOutput, error) {
	defer f.do("DescribeAccountSubscription")()
	if f.subErr != nil {
		return nil, f.subErr
	}
	if aws.ToString(in.AwsAccountId) != qsAccount {
		return nil, notFound("account " + aws.ToString(in.AwsAccountId))
	}
	return &quicksight.DescribeAccountSubscriptionOutput{AccountInfo: &qstypes.AccountInfo{AccountName: aws.String("demo"),
		AccountSubscriptionStatus: aws.String("ACCOUNT_CREATED"), Edition: qstypes.EditionEnterprise, AuthenticationType: aws.String("IAM_AND_QUICKSIGHT")},
		RequestId: aws.String("req-sub"), Status: 200}, nil
}

func (f *fakeQS) DescribeUser(_ context.Context, in *quicksight.DescribeUserInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeUserOutput, error) {
	defer f.do("DescribeUser")()
	if aws.ToString(in.UserName) != qsUser || aws.ToString(in.Namespace) != "default" {
		return nil, notFound("user " + aws.ToString(in.UserName))
	}
	return &quicksight.DescribeUserOutput{User: &qstypes.User{Arn: aws.String(qsUserARN), UserName: aws.String(qsUser), Role: qstypes.UserRoleAuthor, Active: true},
		RequestId: aws.String("req-user"), Status: 200}, nil
}

func (f *fakeQS) DescribeGroup(_ context.Context, in *quicksight.DescribeGroupInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeGroupOutput, error) {
	defer f.do("DescribeGroup")()
	return nil, notFound("group " + aws.ToString(in.GroupName))
}

func (f *fakeQS) CreateDataSource(_ context.Context, in *quicksight.CreateDataSourceInput, _ ...func(*quicksight.Options)) (*quicksight.CreateDataSourceOutput, error) {
	defer f.do("CreateDataSource")()
	id := aws.ToString(in.DataSourceId)
	if f.sources[id] != nil {
		return nil, &qstypes.ResourceExistsException{Message: aws.String("Data source " + id + " already exists"), RequestId: aws.String("req-ex")}
	}
	r := f.add("datasource", id)
	r.source, r.tags, r.perms = in, slices.Clone(in.Tags), permsOf(in.Permissions)
	f.sources[id] = r
	return &quicksight.CreateDataSourceOutput{Arn: aws.String(r.arn), DataSourceId: aws.String(id), CreationStatus: qstypes.ResourceStatusCreationInProgress,
		RequestId: aws.String("req-cds"), Status: 202}, nil
}

func (f *fakeQS) DescribeDataSource(_ context.Context, in *quicksight.DescribeDataSourceInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeDataSourceOutput, error) {
	defer f.do("DescribeDataSource")()
	r := f.sources[aws.ToString(in.DataSourceId)]
	if r == nil || aws.ToString(in.AwsAccountId) != qsAccount {
		return nil, notFound("data source " + aws.ToString(in.DataSourceId))
	}
	ds := &qstypes.DataSource{Arn: aws.String(r.arn), DataSourceId: aws.String(r.id), Name: aws.String(r.id), Status: r.status()}
	if s := r.source; s != nil {
		// Credentials are never returned.
		ds.Name, ds.Type, ds.DataSourceParameters, ds.SslProperties, ds.VpcConnectionProperties = s.Name, s.Type, s.DataSourceParameters, s.SslProperties, s.VpcConnectionProperties
	}
	return &quicksight.DescribeDataSourceOutput{DataSource: ds, RequestId: aws.String("req-dds"), Status: 200}, nil
}

func (f *fakeQS) UpdateDataSource(_ context.Context, in *quicksight.UpdateDataSourceInput, _ ...func(*quicksight.Options)) (*quicksight.UpdateDataSourceOutput, error) {
	defer f.do("UpdateDataSource")()
	r := f.sources[aws.ToString(in.DataSourceId)]
	if r == nil {
		return nil, notFound("data source " + aws.ToString(in.DataSourceId))
	}
	r.source.Name, r.source.DataSourceParameters, r.source.SslProperties = in.Name, in.DataSourceParameters, in.SslProperties
	r.source.Credentials, r.source.VpcConnectionProperties = in.Credentials, in.VpcConnectionProperties
	r.describes, r.updated = 0, true
	return &quicksight.UpdateDataSourceOutput{Arn: aws.String(r.arn), DataSourceId: aws.String(r.id), UpdateStatus: qstypes.ResourceStatusUpdateInProgress,
		RequestId: aws.String("req-uds"), Status: 202}, nil
}

func (f *fakeQS) DescribeDataSourcePermissions(_ context.Context, in *quicksight.DescribeDataSourcePermissionsInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeDataSourcePermissionsOutput, error) {
	defer f.do("DescribeDataSourcePermissions")()
	r := f.sources[aws.ToString(in.DataSourceId)]
	if r == nil {
		return nil, notFound("data source " + aws.ToString(in.DataSourceId))
	}
	return &quicksight.DescribeDataSourcePermissionsOutput{DataSourceArn: aws.String(r.arn), DataSourceId: aws.String(r.id), Permissions: r.permissions(),
		RequestId: aws.String("req-ddsp"), Status: 200}, nil
}

func (f *fakeQS) UpdateDataSourcePermissions(_ context.Context, in *quicksight.UpdateDataSourcePermissionsInput, _ ...func(*quicksight.Options)) (*quicksight.UpdateDataSourcePermissionsOutput, error) {
	defer f.do("UpdateDataSourcePermissions")()
	r := f.sources[aws.ToString(in.DataSourceId)]
	if r == nil {
		return nil, notFound("data source " + aws.ToString(in.DataSourceId))
	}
	r.change(in.GrantPermissions, in.RevokePermissions)
	return &quicksight.UpdateDataSourcePermissionsOutput{DataSourceArn: aws.String(r.arn), DataSourceId: aws.String(r.id), RequestId: aws.String("req-udsp"), Status: 200}, nil
}

func (f *fakeQS) DeleteDataSource(_ context.Context, in *quicksight.DeleteDataSourceInput, _ ...func(*quicksight.Options)) (*quicksight.DeleteDataSourceOutput, error) {
	defer f.do("DeleteDataSource")()
	r := f.sources[aws.ToString(in.DataSourceId)]
	if r == nil {
		return nil, notFound("data source " + aws.ToString(in.DataSourceId))
	}
	delete(f.sources, r.id)
	f.deletion = append(f.deletion, "datasource/"+r.id)
	return &quicksight.DeleteDataSourceOutput{Arn: aws.String(r.arn), DataSourceId: aws.String(r.id), RequestId: aws.String("req-dlds"), Status: 200}, nil
}

func (f *fakeQS) CreateDataSet(_ context.Context, in *quicksight.CreateDataSetInput, _ ...func(*quicksight.Options)) (*quicksight.CreateDataSetOutput, error) {
	defer f.do("CreateDataSet")()
	id := aws.ToString(in.DataSetId)
	if f.sets[id] != nil {
		return nil, &qstypes.ResourceExistsException{Message: aws.String("Data set " + id + " already exists"), RequestId: aws.String("req-ex")}
	}
	if err := f.readable(in.PhysicalTableMap); err != nil {
		return nil, err
	}
	r := f.add("dataset", id)
	r.set, r.tags, r.perms = in, slices.Clone(in.Tags), permsOf(in.Permissions)
	f.sets[id] = r
	out := &quicksight.CreateDataSetOutput{Arn: aws.String(r.arn), DataSetId: aws.String(id), RequestId: aws.String("req-cdset"), Status: 201}
	if in.ImportMode == qstypes.DataSetImportModeSpice {
		out.IngestionId, out.IngestionArn = f.ingestion(r)
	}
	return out, nil
}

// readable refuses a table over a data source the account does not have.
func (f *fakeQS) readable(tables map[string]qstypes.PhysicalTable) error {
	for _, t := range tables {
		rt, ok := t.(*qstypes.PhysicalTableMemberRelationalTable)
		if !ok {
			continue
		}
		a := aws.ToString(rt.Value.DataSourceArn)
		id := a[strings.LastIndex(a, "/")+1:]
		if s := f.sources[id]; s == nil || s.arn != a {
			return &qstypes.InvalidParameterValueException{Message: aws.String("Data source " + a + " does not exist"), RequestId: aws.String("req-ip")}
		}
	}
	return nil
}

// ingestion starts one, as CreateDataSet and UpdateDataSet do for SPICE.
func (f *fakeQS) ingestion(r *qsResource) (id, arn *string) {
	ing := fmt.Sprintf("ing-%d", len(f.ingests)+1)
	f.ingests[ing] = 0
	return aws.String(ing), aws.String(r.arn + "/ingestion/" + ing)
}

func (f *fakeQS) DescribeDataSet(_ context.Context, in *quicksight.DescribeDataSetInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeDataSetOutput, error) {
	defer f.do("DescribeDataSet")()
	r := f.sets[aws.ToString(in.DataSetId)]
	if r == nil || aws.ToString(in.AwsAccountId) != qsAccount {
		return nil, notFound("data set " + aws.ToString(in.DataSetId))
	}
	ds := &qstypes.DataSet{Arn: aws.String(r.arn), DataSetId: aws.String(r.id), Name: aws.String(r.id)}
	if s := r.set; s != nil {
		ds.Name, ds.ImportMode, ds.PhysicalTableMap = s.Name, s.ImportMode, s.PhysicalTableMap
	}
	return &quicksight.DescribeDataSetOutput{DataSet: ds, RequestId: aws.String("req-ddset"), Status: 200}, nil
}

func (f *fakeQS) UpdateDataSet(_ context.Context, in *quicksight.UpdateDataSetInput, _ ...func(*quicksight.Options)) (*quicksight.UpdateDataSetOutput, error) {
	defer f.do("UpdateDataSet")()
	r := f.sets[aws.ToString(in.DataSetId)]
	if r == nil {
		return nil, notFound("data set " + aws.ToString(in.DataSetId))
	}
	if err := f.readable(in.PhysicalTableMap); err != nil {
		return nil, err
	}
	r.set.Name, r.set.ImportMode, r.set.PhysicalTableMap = in.Name, in.ImportMode, in.PhysicalTableMap
	out := &quicksight.UpdateDataSetOutput{Arn: aws.String(r.arn), DataSetId: aws.String(r.id), RequestId: aws.String("req-udset"), Status: 201}
	if in.ImportMode == qstypes.DataSetImportModeSpice {
		out.IngestionId, out.IngestionArn = f.ingestion(r)
	}
	return out, nil
}

func (f *fakeQS) DescribeDataSetPermissions(_ context.Context, in *quicksight.DescribeDataSetPermissionsInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeDataSetPermissionsOutput, error) {
	defer f.do("DescribeDataSetPermissions")()
	r := f.sets[aws.ToString(in.DataSetId)]
	if r == nil {
		return nil, notFound("data set " + aws.ToString(in.DataSetId))
	}
	return &quicksight.DescribeDataSetPermissionsOutput{DataSetArn: aws.String(r.arn), DataSetId: aws.String(r.id), Permissions: r.permissions(),
		RequestId: aws.String("req-ddsetp"), Status: 200}, nil
}

func (f *fakeQS) UpdateDataSetPermissions(_ context.Context, in *quicksight.UpdateDataSetPermissionsInput, _ ...func(*quicksight.Options)) (*quicksight.UpdateDataSetPermissionsOutput, error) {
	defer f.do("UpdateDataSetPermissions")()
	r := f.sets[aws.ToString(in.DataSetId)]
	if r == nil {
		return nil, notFound("data set " + aws.ToString(in.DataSetId))
	}
	r.change(in.GrantPermissions, in.RevokePermissions)
	return &quicksight.UpdateDataSetPermissionsOutput{DataSetArn: aws.String(r.arn), DataSetId: aws.String(r.id), RequestId: aws.String("req-udsetp"), Status: 200}, nil
}

func (f *fakeQS) DeleteDataSet(_ context.Context, in *quicksight.DeleteDataSetInput, _ ...func(*quicksight.Options)) (*quicksight.DeleteDataSetOutput, error) {
	defer f.do("DeleteDataSet")()
	r := f.sets[aws.ToString(in.DataSetId)]
	if r == nil {
		return nil, notFound("data set " + aws.ToString(in.DataSetId))
	}
	delete(f.sets, r.id)
	f.deletion = append(f.deletion, "dataset/"+r.id)
	return &quicksight.DeleteDataSetOutput{Arn: aws.String(r.arn), DataSetId: aws.String(r.id), RequestId: aws.String("req-dldset"), Status: 200}, nil
}

func (f *fakeQS) CreateIngestion(_ context.Context, in *quicksight.CreateIngestionInput, _ ...func(*quicksight.Options)) (*quicksight.CreateIngestionOutput, error) {
	defer f.do("CreateIngestion")()
	r := f.sets[aws.ToString(in.DataSetId)]
	if r == nil {
		return nil, notFound("data set " + aws.ToString(in.DataSetId))
	}
	ing := aws.ToString(in.IngestionId)
	f.ingests[ing] = 0
	return &quicksight.CreateIngestionOutput{IngestionId: aws.String(ing), Arn: aws.String(r.arn + "/ingestion/" + ing),
		IngestionStatus: qstypes.IngestionStatusInitialized, RequestId: aws.String("req-ci"), Status: 201}, nil
}

// DescribeIngestion answers RUNNING once, then COMPLETED with qsRows rows.
func (f *fakeQS) DescribeIngestion(_ context.Context, in *quicksight.DescribeIngestionInput, _ ...func(*quicksight.Options)) (*quicksight.DescribeIngestionOutput, error) {
	defer f.do("DescribeIngestion")()
	ing := aws.ToString(in.IngestionId)
	n, ok := f.ingests[ing]
	if !ok || f.sets[aws.ToString(in.DataSetId)] == nil {
		return nil, notFound("ingestion " + ing)
	}
	f.ingests[ing] = n + 1
	out := &qstypes.Ingestion{Arn: aws.String(f.sets[aws.ToString(in.DataSetId)].arn + "/ingestion/" + ing), IngestionId: aws.String(ing), IngestionStatus: qstypes.IngestionStatusRunning}
	if n > 0 {
		out.IngestionStatus, out.RowInfo = qstypes.IngestionStatusCompleted, &qstypes.RowInfo{RowsIngested: aws.Int64(qsRows), RowsDropped: aws.Int64(0)}
	}
	return &quicksight.DescribeIngestionOutput{Ingestion: out, RequestId: aws.String("req-di"), Status: 200}, nil
}

func (f *fakeQS) ListTagsForResource(_ context.Context, in *quicksight.ListTagsForResourceInput, _ ...func(*quicksight.Options)) (*quicksight.ListTagsForResourceOutput, error) {
	defer f.do("ListTagsForResource")()
	for _, r := range slices.Concat(slices.Collect(maps.Values(f.sources)), slices.Collect(maps.Values(f.sets))) {
		if r.arn == aws.ToString(in.ResourceArn) {
			return &quicksight.ListTagsForResourceOutput{Tags: slices.Clone(r.tags), RequestId: aws.String("req-lt"), Status: 200}, nil
		}
	}
	return nil, notFound("resource " + aws.ToString(in.ResourceArn))
}

// page is one page of the ids of typ, in creation order: MaxResults of
// them (one when unset, so every listing pages), from NextToken on.
func (f *fakeQS) page(typ string, token *string, limit *int32) (ids []string, next *string, err error) {
	var all []string
	for _, o := range f.order {
		if t, id, _ := strings.Cut(o, "/"); t == typ && (f.sources[id] != nil && typ == "datasource" || f.sets[id] != nil && typ == "dataset") {
			all = append(all, id)
		}
	}
	from := 0
	if token != nil {
		if from, err = strconv.Atoi(strings.TrimPrefix(aws.ToString(token), "tok-")); err != nil || from > len(all) {
			return nil, nil, &qstypes.InvalidNextTokenException{Message: aws.String("invalid token " + aws.ToString(token))}
		}
	}
	n := int(aws.ToInt32(limit))
	if n <= 0 {
		n = 1
	}
	to := min(from+n, len(all))
	if to < len(all) {
		next = aws.String(fmt.Sprintf("tok-%d", to))
	}
	return all[from:to], next, nil
}

func (f *fakeQS) ListDataSources(_ context.Context, in *quicksight.ListDataSourcesInput, _ ...func(*quicksight.Options)) (*quicksight.ListDataSourcesOutput, error) {
	defer f.do("ListDataSources")()
	ids, next, err := f.page("datasource", in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &quicksight.ListDataSourcesOutput{NextToken: next, RequestId: aws.String("req-lds"), Status: 200}
	for _, id := range ids {
		r := f.sources[id]
		out.DataSources = append(out.DataSources, qstypes.DataSource{Arn: aws.String(r.arn), DataSourceId: aws.String(id), Name: aws.String(id)})
	}
	return out, nil
}

func (f *fakeQS) ListDataSets(_ context.Context, in *quicksight.ListDataSetsInput, _ ...func(*quicksight.Options)) (*quicksight.ListDataSetsOutput, error) {
	defer f.do("ListDataSets")()
	ids, next, err := f.page("dataset", in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &quicksight.ListDataSetsOutput{NextToken: next, RequestId: aws.String("req-ldset"), Status: 200}
	for _, id := range ids {
		r := f.sets[id]
		out.DataSetSummaries = append(out.DataSetSummaries, qstypes.DataSetSummary{Arn: aws.String(r.arn), DataSetId: aws.String(id), Name: aws.String(id)})
	}
	return out, nil
}

// tamper shares the project's data source and dataset with qsIntruder,
// as a hand edit in the console does.
func (f *fakeQS) tamper(source, set string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sources[source].perms[qsIntruder] = []string{"quicksight:DescribeDataSource", "quicksight:PassDataSource"}
	f.sets[set].perms[qsIntruder] = []string{"quicksight:DescribeDataSet"}
}

// standIn serves one kind of the plan other than QuickSight's: it creates
// nothing and returns the outputs the plan's references read.
type standIn struct {
	kind    plan.Kind
	mu      *sync.Mutex
	ensured *[]string
}

func (s standIn) Kind() plan.Kind { return s.kind }

func (s standIn) Ensure(_ context.Context, req *service.Request) (map[string]string, error) {
	s.mu.Lock()
	*s.ensured = append(*s.ensured, req.Resource.ID)
	s.mu.Unlock()
	r := req.Resource
	out := map[string]string{"name": r.Name, "arn": fmt.Sprintf("arn:aws:%s:%s:%s:%s", strings.Split(string(r.Kind), ".")[0], qsRegion, qsAccount, r.Name)}
	switch r.Kind {
	case plan.KindRole:
		out["arn"] = "arn:aws:iam::" + qsAccount + ":role/" + r.Name
	case plan.KindSecret:
		out["arn"] = "arn:aws:secretsmanager:" + qsRegion + ":" + qsAccount + ":secret:" + r.Name + "-AbCdEf"
	}
	if r.ID == plan.IDServerlessWorkgroup {
		out["endpoint"], out["port"] = r.Name+"."+qsAccount+"."+qsRegion+".redshift-serverless.amazonaws.com", "5439"
	}
	req.Created(out)
	return out, nil
}

func (standIn) Exists(context.Context, service.Env, *service.Record) (bool, error) { return true, nil }

func (standIn) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

func (standIn) Delete(context.Context, service.Env, *service.Record) error { return nil }

// qsLifecycle is one project under test: its plan, the engine with the
// real QuickSight kinds on fake, and what the stand-ins were asked.
type qsLifecycle struct {
	plan    *plan.Plan
	engine  *Engine
	fake    *fakeQS
	mu      sync.Mutex
	ensured []string
}

func newQSLifecycle(t *testing.T, route []string, edit func(*spec.Spec)) *qsLifecycle {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := registry.New(c, "demo", qsRegion, route)
	if err != nil {
		t.Fatal(err)
	}
	s.QuickSight.Principal.User = qsUser
	if edit != nil {
		edit(s)
	}
	if err := registry.Validate(c, s); err != nil {
		t.Fatal(err)
	}
	p, err := registry.Plan(s, c, plan.Env{Region: qsRegion, AccountID: qsAccount})
	if err != nil {
		t.Fatal(err)
	}
	lc := &qsLifecycle{plan: p, fake: newFakeQS()}
	provs := []service.Provider{svcqs.NewDataSource(lc.fake), svcqs.NewDataSet(lc.fake)}
	seen := map[plan.Kind]bool{plan.KindDataSource: true, plan.KindDataSet: true}
	for _, r := range p.Resources {
		if !seen[r.Kind] {
			seen[r.Kind] = true
			provs = append(provs, standIn{kind: r.Kind, mu: &lc.mu, ensured: &lc.ensured})
		}
	}
	kinds, err := service.NewKinds(provs)
	if err != nil {
		t.Fatal(err)
	}
	lc.engine = &Engine{Kinds: kinds, StatePath: filepath.Join(t.TempDir(), StateFile), MaxWait: 10 * time.Second,
		Target: TargetInfo{Kind: "aws", Region: qsRegion, Account: qsAccount}}
	return lc
}

// qsWant is what the route's data source and dataset must be.
type qsWant struct {
	source func(t *testing.T, p qstypes.DataSourceParameters)
	schema string
	// catalog is the RelationalTable's catalog ("" for Redshift's).
	catalog    string
	importMode qstypes.DataSetImportMode
	// iamSignIn is a provisioned cluster's: temporary IAM credentials,
	// no secret.
	iamSignIn bool
}

var (
	athenaRoute   = []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}
	redshiftRoute = []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight"}
	athenaSource  = func(t *testing.T, p qstypes.DataSourceParameters) {
		a, ok := p.(*qstypes.DataSourceParametersMemberAthenaParameters)
		if !ok || aws.ToString(a.Value.WorkGroup) != "demo" || aws.ToString(a.Value.RoleArn) != "arn:aws:iam::"+qsAccount+":role/demo-quicksight" {
			t.Errorf("data source parameters %#v, want Athena in workgroup demo as role demo-quicksight", p)
		}
	}
)

// Issue #14: each QuickSight route deploys its data source and dataset as
// planned, a second deploy is a no-op that writes nothing, status shows
// no drift, permissions shared by hand show as drift and the next deploy
// takes them back, and destroy deletes both with nothing left to find by
// tag.
func TestQuickSightLifecycle(t *testing.T) {
	for _, tt := range []struct {
		name  string
		route []string
		edit  func(*spec.Spec)
		want  qsWant
	}{
		{"athena", athenaRoute, nil, qsWant{source: athenaSource, schema: "demo_db", catalog: "AwsDataCatalog", importMode: qstypes.DataSetImportModeDirectQuery}},
		{"athena-spice", athenaRoute, func(s *spec.Spec) { s.QuickSight.ImportMode = "SPICE" },
			qsWant{source: athenaSource, schema: "demo_db", catalog: "AwsDataCatalog", importMode: qstypes.DataSetImportModeSpice}},
		{"redshift-serverless", redshiftRoute, nil, qsWant{source: func(t *testing.T, p qstypes.DataSourceParameters) {
			r, ok := p.(*qstypes.DataSourceParametersMemberRedshiftParameters)
			if !ok || aws.ToString(r.Value.Host) != "demo-wg."+qsAccount+"."+qsRegion+".redshift-serverless.amazonaws.com" || r.Value.Port != 5439 ||
				aws.ToString(r.Value.Database) != "dev" || r.Value.IAMParameters != nil {
				t.Errorf("data source parameters %#v, want the workgroup's endpoint and database dev, no IAM sign-in", p)
			}
		}, schema: "public", importMode: qstypes.DataSetImportModeDirectQuery}},
		{"redshift-provisioned", redshiftRoute, func(s *spec.Spec) { s.Redshift.Mode = spec.RedshiftProvisioned }, qsWant{source: func(t *testing.T, p qstypes.DataSourceParameters) {
			r, ok := p.(*qstypes.DataSourceParametersMemberRedshiftParameters)
			if !ok || aws.ToString(r.Value.ClusterId) != "demo-cluster" || aws.ToString(r.Value.Database) != "dev" || r.Value.IAMParameters == nil ||
				aws.ToString(r.Value.IAMParameters.DatabaseUser) != "quicksight" || aws.ToString(r.Value.IAMParameters.RoleArn) == "" {
				t.Errorf("data source parameters %#v, want cluster demo-cluster, database dev, IAM sign-in as database user quicksight", p)
			}
		}, schema: "public", importMode: qstypes.DataSetImportModeDirectQuery, iamSignIn: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lc := newQSLifecycle(t, tt.route, tt.edit)
			ctx, e, f, p := context.Background(), lc.engine, lc.fake, lc.plan
			dsName, setName := p.Resource(plan.IDDataSource).Name, p.Resource(plan.IDDataSet).Name

			// Deploy.
			res, err := e.Apply(ctx, p)
			if err != nil {
				t.Fatalf("deploy: %v", err)
			}
			if res.Counts.Created != len(p.Resources) {
				t.Errorf("deploy created %d, the plan has %d", res.Counts.Created, len(p.Resources))
			}
			t.Logf("deploy: QuickSight calls %v", f.snapshot())
			if got := f.project(); !slices.Equal(got, []string{"dataset/" + setName, "datasource/" + dsName}) {
				t.Fatalf("fake holds %v of the project", got)
			}
			lc.assertDeployed(t, dsName, setName, tt.want)
			f.mu.Lock()
			if n := f.sources[dsName].describes; n != 2 {
				t.Errorf("deploy described the data source %d times after creating it, want 2: CREATION_IN_PROGRESS, then CREATION_SUCCESSFUL", n)
			}
			f.mu.Unlock()

			// Discovery finds both, each on a page after the other team's.
			found, err := e.Discover(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, fd := range found {
				if fd.Owned && fd.InPlan {
					names = append(names, fd.State.Kind+" "+fd.State.Name)
				}
			}
			slices.Sort(names)
			if want := []string{"quicksight.data-set " + setName, "quicksight.data-source " + dsName}; !slices.Equal(names, want) {
				t.Errorf("discovered %v as the project's, want %v", names, want)
			}

			// A second deploy changes nothing.
			before := f.snapshot()
			res, err = e.Apply(ctx, p)
			if err != nil {
				t.Fatalf("second deploy: %v", err)
			}
			if res.Counts.Unchanged != len(p.Resources) || res.Counts.Created+res.Counts.Updated != 0 {
				t.Errorf("second deploy counts %+v, want all %d unchanged", res.Counts, len(p.Resources))
			}
			if w := f.writes(before); len(w) != 0 {
				t.Errorf("second deploy made QuickSight writes %v, want none", w)
			}
			t.Logf("second deploy: QuickSight calls %v", diffCalls(before, f.snapshot()))
			lc.assertNoDrift(t)

			// Sharing by hand is drift; the next deploy takes it back.
			f.tamper(dsName, setName)
			st, err := e.Status(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			drift := map[string]string{}
			for _, it := range st.Drift() {
				drift[it.ID] = it.Detail
			}
			for _, id := range []string{plan.IDDataSource, plan.IDDataSet} {
				if d := drift[id]; !strings.Contains(d, "permissions changed outside wireup") || !strings.Contains(d, "also granted to "+qsIntruder) {
					t.Errorf("status of %s after sharing it with %s: %q, want permissions drift naming them", id, qsIntruder, d)
				}
			}
			if len(drift) != 2 {
				t.Errorf("drift %v, want only the data source and the dataset", drift)
			}
			ch, err := e.Changes(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if ch.Count(ActionUpdate) != 2 || ch.Count(ActionNoop) != len(p.Resources)-2 {
				t.Errorf("changes: %s, want the data source and dataset updated", ch.Summary())
			}
			before = f.snapshot()
			res, err = e.Apply(ctx, p)
			if err != nil {
				t.Fatalf("deploy after the hand edit: %v", err)
			}
			if res.Counts.Updated != 2 || res.Counts.Unchanged != len(p.Resources)-2 {
				t.Errorf("deploy after the hand edit: counts %+v, want 2 updated", res.Counts)
			}
			t.Logf("deploy after the hand edit: QuickSight writes %v", f.writes(before))
			lc.assertDeployed(t, dsName, setName, tt.want)
			lc.assertNoDrift(t)
			before = f.snapshot()
			if _, err := e.Apply(ctx, p); err != nil {
				t.Fatal(err)
			}
			if w := f.writes(before); len(w) != 0 {
				t.Errorf("deploy after the repair made QuickSight writes %v, want none", w)
			}

			// Destroy leaves nothing.
			before = f.snapshot()
			if _, err := e.Destroy(ctx, p); err != nil {
				t.Fatalf("destroy: %v", err)
			}
			t.Logf("destroy: QuickSight calls %v", diffCalls(before, f.snapshot()))
			if got := f.project(); len(got) != 0 {
				t.Errorf("after destroy the fake holds %v", got)
			}
			if want := []string{"dataset/" + setName, "datasource/" + dsName}; !slices.Equal(f.deletion, want) {
				t.Errorf("deleted %v, want the dataset, then its data source", f.deletion)
			}
			if f.sources["other-team-source"] == nil || f.sets["other-team-set"] == nil {
				t.Errorf("destroy deleted the other team's data source or dataset")
			}
			assertNothingLeft(t, e, p)
		})
	}
}

// assertDeployed checks the fake's data source and dataset against the
// plan: type and connection, SSL on, the table the route names, the
// import mode, the project's tags and the principal alone as owner.
func (lc *qsLifecycle) assertDeployed(t *testing.T, dsName, setName string, want qsWant) {
	t.Helper()
	f := lc.fake
	f.mu.Lock()
	defer f.mu.Unlock()
	ds, set := f.sources[dsName], f.sets[setName]
	wantType := qstypes.DataSourceTypeAthena
	if want.schema == "public" {
		wantType = qstypes.DataSourceTypeRedshift
	}
	if ds.source.Type != wantType || ds.source.SslProperties == nil || ds.source.SslProperties.DisableSsl {
		t.Errorf("data source type %s, SSL %+v; want %s with SSL on", ds.source.Type, ds.source.SslProperties, wantType)
	}
	want.source(t, ds.source.DataSourceParameters)
	if want.iamSignIn {
		if c := ds.source.Credentials; c != nil {
			t.Errorf("data source credentials %+v, want none: the cluster signs QuickSight in with IAM", c)
		}
	} else if wantType == qstypes.DataSourceTypeRedshift {
		if c := ds.source.Credentials; c == nil || aws.ToString(c.SecretArn) != "arn:aws:secretsmanager:"+qsRegion+":"+qsAccount+":secret:demo-redshift-quicksight-AbCdEf" {
			t.Errorf("data source credentials %+v, want its own secret", c)
		}
	}
	if set.set.ImportMode != want.importMode {
		t.Errorf("dataset import mode %s, want %s", set.set.ImportMode, want.importMode)
	}
	rt, ok := set.set.PhysicalTableMap["events"].(*qstypes.PhysicalTableMemberRelationalTable)
	if !ok || len(set.set.PhysicalTableMap) != 1 {
		t.Fatalf("dataset tables %#v, want one relational table", set.set.PhysicalTableMap)
	}
	if v := rt.Value; aws.ToString(v.DataSourceArn) != ds.arn || aws.ToString(v.Schema) != want.schema || aws.ToString(v.Name) != "events" ||
		aws.ToString(v.Catalog) != want.catalog || len(v.InputColumns) == 0 {
		t.Errorf("dataset table %s.%s.%s over %s with %d columns, want %s.%s.events over %s", aws.ToString(v.Catalog), aws.ToString(v.Schema), aws.ToString(v.Name),
			aws.ToString(v.DataSourceArn), len(v.InputColumns), want.catalog, want.schema, ds.arn)
	}
	for _, r := range []*qsResource{ds, set} {
		tags := service.TagsOf(r.tags, func(t qstypes.Tag) (*string, *string) { return t.Key, t.Value })
		if tags[plan.TagProject] != "demo" || tags[plan.TagRoute] != lc.plan.RouteID() {
			t.Errorf("%s tags %v, want %s=demo and %s=%s", r.arn, tags, plan.TagProject, plan.TagRoute, lc.plan.RouteID())
		}
		if got := slices.Collect(maps.Keys(r.perms)); !slices.Equal(got, []string{qsUserARN}) {
			t.Errorf("%s shared with %v, want only %s", r.arn, got, qsUserARN)
		}
	}
	wantActs := map[*qsResource][]string{ds: svcqs.DataSourceOwnerActions, set: svcqs.DataSetOwnerActions}
	for r, acts := range wantActs {
		got := slices.Sorted(slices.Values(r.perms[qsUserARN]))
		if !slices.Equal(got, slices.Sorted(slices.Values(acts))) {
			t.Errorf("%s owner actions %v, want %v", r.arn, got, acts)
		}
	}
	if want.importMode == qstypes.DataSetImportModeSpice {
		rec, _ := LoadState(lc.engine.StatePath)
		if o := rec.Resources[plan.IDDataSet].Outputs; o["rowsIngested"] != strconv.Itoa(qsRows) || o["ingestion"] == "" {
			t.Errorf("dataset outputs %v, want the ingestion and its %d rows", o, qsRows)
		}
	}
}

// assertNoDrift checks that status sees every resource as planned.
func (lc *qsLifecycle) assertNoDrift(t *testing.T) {
	t.Helper()
	st, err := lc.engine.Status(context.Background(), lc.plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := st.Drift(); len(d) != 0 || len(st.Items) != len(lc.plan.Resources) {
		t.Errorf("status: drift %+v in %d items, want none in %d", d, len(st.Items), len(lc.plan.Resources))
	}
}

// diffCalls is how many calls of each kind were made since before.
func diffCalls(before, after map[string]int) map[string]int {
	out := map[string]int{}
	for op, n := range after {
		if n > before[op] {
			out[op] = n - before[op]
		}
	}
	return out
}

// An account without a QuickSight subscription (AWS answers
// DescribeAccountSubscription with ResourceNotFoundException) stops the
// deploy before anything of the plan is created, with the message that
// says where to sign up.
func TestQuickSightLifecycleWithoutSubscription(t *testing.T) {
	for _, route := range [][]string{athenaRoute, redshiftRoute} {
		t.Run(route[len(route)-1], func(t *testing.T) {
			lc := newQSLifecycle(t, route, nil)
			lc.fake.subErr = &qstypes.ResourceNotFoundException{Message: aws.String("The account " + qsAccount + " does not exist."), RequestId: aws.String("req-nf")}
			res, err := lc.engine.Apply(context.Background(), lc.plan)
			ds := lc.plan.Resource(plan.IDDataSource)
			want := "quicksight.data-source " + ds.Name + ": account " + qsAccount + " has no QuickSight subscription: no usable QuickSight subscription. Sign up in the console (" +
				account.SignUpURL + "; an account subscription is billed per user and is yours, not the project's), then deploy again; nothing was created"
			if !errors.Is(err, account.ErrNoSubscription) || err.Error() != want {
				t.Fatalf("deploy = %v\nwant %s", err, want)
			}
			if res != nil {
				t.Errorf("deploy result %+v, want none", res)
			}
			if len(lc.ensured) != 0 {
				t.Errorf("created %v before the check", lc.ensured)
			}
			if w := lc.fake.writes(nil); len(w) != 0 || len(lc.fake.project()) != 0 {
				t.Errorf("QuickSight writes %v, fake holds %v; want nothing", w, lc.fake.project())
			}
			if c := lc.fake.snapshot(); c["DescribeAccountSubscription"] != 1 || len(c) != 1 {
				t.Errorf("QuickSight calls %v, want one DescribeAccountSubscription", c)
			}
			st, err := LoadState(lc.engine.StatePath)
			if err != nil || len(st.Resources) != 0 {
				t.Errorf("state records %v (%v), want nothing", st, err)
			}
		})
	}
}

// A lost state leaves destroy to find the project's data source and
// dataset by their tag, on the listings' later pages, and delete them.
func TestQuickSightDestroyFromTags(t *testing.T) {
	lc := newQSLifecycle(t, athenaRoute, nil)
	ctx := context.Background()
	if _, err := lc.engine.Apply(ctx, lc.plan); err != nil {
		t.Fatal(err)
	}
	lc.engine.StatePath = filepath.Join(t.TempDir(), StateFile)
	res, err := lc.engine.Destroy(ctx, lc.plan)
	if err != nil {
		t.Fatalf("destroy without a state: %v", err)
	}
	if res.Counts.Deleted != 2 {
		t.Errorf("deleted %d, want the data source and the dataset", res.Counts.Deleted)
	}
	if got := lc.fake.project(); len(got) != 0 {
		t.Errorf("after destroy the fake holds %v", got)
	}
	if lc.fake.sources["other-team-source"] == nil || lc.fake.sets["other-team-set"] == nil {
		t.Errorf("destroy deleted the other team's resources")
	}
}
