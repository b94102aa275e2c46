package glue

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// DatabaseAPI is the part of the Glue client the database kind uses.
// GetCrawlers serves Children: a crawler outlives the database it writes to.
type DatabaseAPI interface {
	CreateDatabase(ctx context.Context, in *glue.CreateDatabaseInput, optFns ...func(*glue.Options)) (*glue.CreateDatabaseOutput, error)
	GetDatabase(ctx context.Context, in *glue.GetDatabaseInput, optFns ...func(*glue.Options)) (*glue.GetDatabaseOutput, error)
	DeleteDatabase(ctx context.Context, in *glue.DeleteDatabaseInput, optFns ...func(*glue.Options)) (*glue.DeleteDatabaseOutput, error)
	GetDatabases(ctx context.Context, in *glue.GetDatabasesInput, optFns ...func(*glue.Options)) (*glue.GetDatabasesOutput, error)
	GetCrawlers(ctx context.Context, in *glue.GetCrawlersInput, optFns ...func(*glue.Options)) (*glue.GetCrawlersOutput, error)
}

// Database is the glue.database kind: a Data Catalog database, tagged, and
// marked as the project's in its Parameters.
type Database struct{ c DatabaseAPI }

// NewDatabase returns the database kind on c.
func NewDatabase(c DatabaseAPI) *Database { return &Database{c: c} }

var (
	_ service.Lister = (*Database)(nil)
	_ service.Parent = (*Database)(nil)
	_ service.Typed  = (*Database)(nil)
)

// DatabaseSettings are a database's settings: none (its name is the
// resource's, its description and owner mark the plan's).
type DatabaseSettings struct{}

// NewSettings implements service.Typed.
func (*Database) NewSettings() any { return &DatabaseSettings{} }

// Kind implements service.Provider.
func (*Database) Kind() plan.Kind { return plan.KindGlueDatabase }

// Always implements service.Lister: databases are listed only for a plan
// that has one, so that a project without Glue never depends on a
// target's Glue API.
func (*Database) Always() bool { return false }

// Ensure implements service.Provider.
func (d *Database) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	outputs := map[string]string{"name": name}
	_, err := d.c.CreateDatabase(ctx, &glue.CreateDatabaseInput{
		DatabaseInput: &gluetypes.DatabaseInput{Name: aws.String(name),
			Description: aws.String(fmt.Sprintf("wireup project %s: %s", req.Plan.Project, req.Plan.RouteID())),
			Parameters:  map[string]string{plan.TagProject: req.Plan.Project}},
		Tags: service.TagMap(req.Plan),
	})
	switch {
	case err == nil:
		req.Created(outputs)
		return outputs, nil
	case service.ErrorCode(err) != codeExists:
		return nil, fmt.Errorf("create Glue database: %w", err)
	}
	got, err := d.c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("read Glue database %s: %w", name, err)
	}
	if !req.Recorded && !service.OwnedBy(got.Database.Parameters, req.Plan.Project) {
		return nil, fmt.Errorf("create Glue database: %s exists in this account's Data Catalog and is not marked %s=%s: %w. Rename glue.database in wireup.yaml",
			name, plan.TagProject, req.Plan.Project, service.ErrNameTaken)
	}
	return outputs, nil
}

// Exists implements service.Provider.
func (d *Database) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := d.c.GetDatabase(ctx, &glue.GetDatabaseInput{Name: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: nothing of a database is compared.
func (*Database) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider. Glue deletes the database's tables
// with it (https://docs.aws.amazon.com/glue/latest/webapi/API_DeleteDatabase.html);
// crawlers are not, which is why they are the database's children.
func (d *Database) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := d.c.DeleteDatabase(ctx, &glue.DeleteDatabaseInput{Name: aws.String(rec.Name)})
	return gone(err)
}

// List implements service.Lister: every database of the catalog; its
// ownership is read from its Parameters, which GetDatabases returns, so
// no further call is made per database.
func (d *Database) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	pg := glue.NewGetDatabasesPaginator(d.c, &glue.GetDatabasesInput{})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *glue.GetDatabasesOutput) (out []service.Listed) {
		for _, db := range page.DatabaseList {
			n, params := aws.ToString(db.Name), db.Parameters
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n},
				Tags: func(context.Context) (map[string]string, error) { return params, nil }})
		}
		return out
	})
}

// Children implements service.Parent: the crawlers that write into the
// found database. A listing that fails stops there.
func (d *Database) Children(ctx context.Context, db *service.Found) []*service.Found {
	pg := glue.NewGetCrawlersPaginator(d.c, &glue.GetCrawlersInput{})
	out, _ := service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *glue.GetCrawlersOutput) (out []*service.Found) {
		for _, cr := range page.Crawlers {
			if aws.ToString(cr.DatabaseName) != db.State.Name {
				continue
			}
			n := aws.ToString(cr.Name)
			c := service.Child(db, string(plan.KindCrawler)+"/"+n, plan.KindCrawler, map[string]string{"name": n})
			// Named as the crawler, so that one the state records too is
			// the same resource, not a second one to delete.
			c.State.Name = n
			out = append(out, c)
		}
		return out
	})
	return out
}
