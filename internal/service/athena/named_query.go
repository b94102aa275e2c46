package athena

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// NamedQueryAPI is the part of the Athena client the named query kind uses.
type NamedQueryAPI interface {
	CreateNamedQuery(ctx context.Context, in *athena.CreateNamedQueryInput, optFns ...func(*athena.Options)) (*athena.CreateNamedQueryOutput, error)
	GetNamedQuery(ctx context.Context, in *athena.GetNamedQueryInput, optFns ...func(*athena.Options)) (*athena.GetNamedQueryOutput, error)
	ListNamedQueries(ctx context.Context, in *athena.ListNamedQueriesInput, optFns ...func(*athena.Options)) (*athena.ListNamedQueriesOutput, error)
	BatchGetNamedQuery(ctx context.Context, in *athena.BatchGetNamedQueryInput, optFns ...func(*athena.Options)) (*athena.BatchGetNamedQueryOutput, error)
	UpdateNamedQuery(ctx context.Context, in *athena.UpdateNamedQueryInput, optFns ...func(*athena.Options)) (*athena.UpdateNamedQueryOutput, error)
	DeleteNamedQuery(ctx context.Context, in *athena.DeleteNamedQueryInput, optFns ...func(*athena.Options)) (*athena.DeleteNamedQueryOutput, error)
}

// NamedQuery is the athena.named-query kind: a saved query of the
// workgroup (a CTAS or an UNLOAD the generated cmd/query runs by name).
// Named queries carry no tags; they are the workgroup's, and go with it.
type NamedQuery struct{ c NamedQueryAPI }

// NewNamedQuery returns the named query kind on c.
func NewNamedQuery(c NamedQueryAPI) *NamedQuery { return &NamedQuery{c: c} }

var (
	_ service.Identifier = (*NamedQuery)(nil)
	_ service.Typed      = (*NamedQuery)(nil)
)

// NamedQuerySettings are a named query's settings, as the athena planner
// writes them, with its workgroup and database resolved at apply.
type NamedQuerySettings struct {
	Query       string `setting:"query"`
	Description string `setting:"description"`
	WorkGroup   string `setting:"workGroup"`
	Database    string `setting:"database"`
}

// NewSettings implements service.Typed.
func (*NamedQuery) NewSettings() any { return &NamedQuerySettings{} }

// Kind implements service.Provider.
func (*NamedQuery) Kind() plan.Kind { return plan.KindNamedQuery }

// Identity implements service.Identifier: a named query is known by the
// id Athena gave it; names need not be unique.
func (*NamedQuery) Identity(rec *service.Record) string { return rec.Outputs["id"] }

// find returns the workgroup's named query called name, or nil.
func (q *NamedQuery) find(ctx context.Context, workGroup, name string) (*athenatypes.NamedQuery, error) {
	pg := athena.NewListNamedQueriesPaginator(q.c, &athena.ListNamedQueriesInput{WorkGroup: aws.String(workGroup)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list named queries of %s: %w", workGroup, err)
		}
		if len(page.NamedQueryIds) == 0 {
			continue
		}
		got, err := q.c.BatchGetNamedQuery(ctx, &athena.BatchGetNamedQueryInput{NamedQueryIds: page.NamedQueryIds})
		if err != nil && service.HTTPStatus(err) >= 500 {
			// A server fault on the whole batch (moto answers 500 when a
			// listed query was deleted meanwhile, where AWS returns it
			// among UnprocessedNamedQueryIds): read them one at a time,
			// without those that are gone or cannot be read.
			got, err = q.each(ctx, page.NamedQueryIds)
		}
		if err != nil {
			return nil, fmt.Errorf("read named queries of %s: %w", workGroup, err)
		}
		for i := range got.NamedQueries {
			if aws.ToString(got.NamedQueries[i].Name) == name {
				return &got.NamedQueries[i], nil
			}
		}
	}
	return nil, nil
}

// each reads the named queries ids one by one, leaving out those that are
// gone or whose read fails on the server's side.
func (q *NamedQuery) each(ctx context.Context, ids []string) (*athena.BatchGetNamedQueryOutput, error) {
	out := &athena.BatchGetNamedQueryOutput{}
	for _, id := range ids {
		one, err := q.c.GetNamedQuery(ctx, &athena.GetNamedQueryInput{NamedQueryId: aws.String(id)})
		switch {
		case err == nil && one.NamedQuery != nil:
			out.NamedQueries = append(out.NamedQueries, *one.NamedQuery)
		case err == nil, service.IsNotFound(err), service.HTTPStatus(err) >= 500, service.ErrorCode(err) == "InvalidRequestException":
		default:
			return nil, err
		}
	}
	return out, nil
}

// Ensure implements service.Provider: adopt the workgroup's query of that
// name and update its text, or create it. The request token makes a
// retried create of the same query one query.
func (q *NamedQuery) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	var in NamedQuerySettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindNamedQuery, name, err)
	}
	wg, db, sql := in.WorkGroup, in.Database, in.Query
	found, err := q.find(ctx, wg, name)
	if err != nil {
		return nil, err
	}
	if found != nil && aws.ToString(found.Database) == db {
		id := aws.ToString(found.NamedQueryId)
		if aws.ToString(found.QueryString) != sql {
			if _, err := q.c.UpdateNamedQuery(ctx, &athena.UpdateNamedQueryInput{NamedQueryId: aws.String(id), Name: aws.String(name),
				QueryString: aws.String(sql), Description: aws.String(in.Description)}); err != nil {
				return nil, fmt.Errorf("update named query %s: %w", name, err)
			}
		}
		return map[string]string{"id": id, "name": name}, nil
	}
	sum := sha256.Sum256([]byte(req.Plan.Project + "\x00" + wg + "\x00" + db + "\x00" + name + "\x00" + sql))
	out, err := q.c.CreateNamedQuery(ctx, &athena.CreateNamedQueryInput{Name: aws.String(name), WorkGroup: aws.String(wg), Database: aws.String(db),
		QueryString: aws.String(sql), Description: aws.String(in.Description), ClientRequestToken: aws.String(hex.EncodeToString(sum[:16]))})
	if err != nil {
		return nil, fmt.Errorf("create named query %s: %w", name, err)
	}
	outputs := map[string]string{"id": aws.ToString(out.NamedQueryId), "name": name}
	req.Created(outputs)
	return outputs, nil
}

// Exists implements service.Provider.
func (q *NamedQuery) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	out, err := q.c.GetNamedQuery(ctx, &athena.GetNamedQueryInput{NamedQueryId: aws.String(rec.Outputs["id"])})
	if err == nil && out.NamedQuery == nil {
		return false, nil
	}
	return exists(err)
}

// Drift implements service.Provider: nothing is compared (the text is the
// plan's, and a changed one is put back on the next deploy).
func (*NamedQuery) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider. Where the target has no
// DeleteNamedQuery the query is left to its workgroup, which destroy
// deletes after it, recursively.
func (q *NamedQuery) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	if ok, _ := DeletesNamedQuery(env.Target); !ok {
		return nil
	}
	_, err := q.c.DeleteNamedQuery(ctx, &athena.DeleteNamedQueryInput{NamedQueryId: aws.String(rec.Outputs["id"])})
	if err != nil && notFound(err) {
		return nil
	}
	return err
}
