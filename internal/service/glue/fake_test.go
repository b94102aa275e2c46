package glue

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/smithy-go"
)

// fakeGlue is a Data Catalog in memory: databases, tables and crawlers by
// name, crawler tags by ARN. Listings serve one item per page and fail on
// a token they never handed out. It records every mutating call.
type fakeGlue struct {
	DatabaseAPI // panics on any call the fake does not serve
	dbs         map[string]*gluetypes.Database
	tables      map[string]*gluetypes.Table // "db.table"
	crawlers    map[string]*gluetypes.Crawler
	tags        map[string]map[string]string // crawler ARN → tags
	calls       []string
	// assumeFailures is how many CreateCrawler calls fail as if the role
	// were not visible to Glue yet.
	assumeFailures int
	// runningDeletes is how many DeleteCrawler calls fail with
	// CrawlerRunningException.
	runningDeletes int
}

func newFake() *fakeGlue {
	return &fakeGlue{dbs: map[string]*gluetypes.Database{}, tables: map[string]*gluetypes.Table{},
		crawlers: map[string]*gluetypes.Crawler{}, tags: map[string]map[string]string{}}
}

func apiErr(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }

func (f *fakeGlue) CreateDatabase(_ context.Context, in *glue.CreateDatabaseInput, _ ...func(*glue.Options)) (*glue.CreateDatabaseOutput, error) {
	n := aws.ToString(in.DatabaseInput.Name)
	f.calls = append(f.calls, "CreateDatabase "+n)
	if f.dbs[n] != nil {
		return nil, apiErr(codeExists, "Database already exists.")
	}
	f.dbs[n] = &gluetypes.Database{Name: in.DatabaseInput.Name, Parameters: in.DatabaseInput.Parameters}
	return &glue.CreateDatabaseOutput{}, nil
}

func (f *fakeGlue) GetDatabase(_ context.Context, in *glue.GetDatabaseInput, _ ...func(*glue.Options)) (*glue.GetDatabaseOutput, error) {
	db := f.dbs[aws.ToString(in.Name)]
	if db == nil {
		return nil, apiErr(codeNotFound, "Database not found.")
	}
	return &glue.GetDatabaseOutput{Database: db}, nil
}

func (f *fakeGlue) DeleteDatabase(_ context.Context, in *glue.DeleteDatabaseInput, _ ...func(*glue.Options)) (*glue.DeleteDatabaseOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "DeleteDatabase "+n)
	if f.dbs[n] == nil {
		return nil, apiErr(codeNotFound, "Database not found.")
	}
	delete(f.dbs, n)
	return &glue.DeleteDatabaseOutput{}, nil
}

// page returns the item at the token's position and the next token.
func page[T any](items []T, token *string) (T, *string, error) {
	var zero T
	i := 0
	if t := aws.ToString(token); t != "" {
		if _, err := fmt.Sscanf(t, "page-%d", &i); err != nil || i <= 0 || i >= len(items) {
			return zero, nil, fmt.Errorf("unexpected page token %q", t)
		}
	}
	if len(items) == 0 {
		return zero, nil, nil
	}
	var next *string
	if i+1 < len(items) {
		next = aws.String(fmt.Sprintf("page-%d", i+1))
	}
	return items[i], next, nil
}

func sortedValues[T any](m map[string]*T) []*T {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []*T
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

func (f *fakeGlue) GetDatabases(_ context.Context, in *glue.GetDatabasesInput, _ ...func(*glue.Options)) (*glue.GetDatabasesOutput, error) {
	db, next, err := page(sortedValues(f.dbs), in.NextToken)
	if err != nil || db == nil {
		return &glue.GetDatabasesOutput{}, err
	}
	return &glue.GetDatabasesOutput{DatabaseList: []gluetypes.Database{*db}, NextToken: next}, nil
}

func (f *fakeGlue) GetCrawlers(_ context.Context, in *glue.GetCrawlersInput, _ ...func(*glue.Options)) (*glue.GetCrawlersOutput, error) {
	cr, next, err := page(sortedValues(f.crawlers), in.NextToken)
	if err != nil || cr == nil {
		return &glue.GetCrawlersOutput{}, err
	}
	return &glue.GetCrawlersOutput{Crawlers: []gluetypes.Crawler{*cr}, NextToken: next}, nil
}

func (f *fakeGlue) CreateTable(_ context.Context, in *glue.CreateTableInput, _ ...func(*glue.Options)) (*glue.CreateTableOutput, error) {
	db, ti := aws.ToString(in.DatabaseName), in.TableInput
	k := db + "." + aws.ToString(ti.Name)
	f.calls = append(f.calls, "CreateTable "+k)
	if f.dbs[db] == nil {
		return nil, apiErr(codeNotFound, "Database "+db+" not found.")
	}
	if f.tables[k] != nil {
		return nil, apiErr(codeExists, "Table already exists.")
	}
	f.tables[k] = tableOf(in.DatabaseName, ti)
	return &glue.CreateTableOutput{}, nil
}

func tableOf(db *string, ti *gluetypes.TableInput) *gluetypes.Table {
	return &gluetypes.Table{DatabaseName: db, Name: ti.Name, TableType: ti.TableType, Parameters: ti.Parameters,
		PartitionKeys: ti.PartitionKeys, StorageDescriptor: ti.StorageDescriptor}
}

func (f *fakeGlue) GetTable(_ context.Context, in *glue.GetTableInput, _ ...func(*glue.Options)) (*glue.GetTableOutput, error) {
	t := f.tables[aws.ToString(in.DatabaseName)+"."+aws.ToString(in.Name)]
	if t == nil {
		return nil, apiErr(codeNotFound, "Table not found.")
	}
	return &glue.GetTableOutput{Table: t}, nil
}

func (f *fakeGlue) UpdateTable(_ context.Context, in *glue.UpdateTableInput, _ ...func(*glue.Options)) (*glue.UpdateTableOutput, error) {
	k := aws.ToString(in.DatabaseName) + "." + aws.ToString(in.TableInput.Name)
	f.calls = append(f.calls, "UpdateTable "+k)
	if f.tables[k] == nil {
		return nil, apiErr(codeNotFound, "Table not found.")
	}
	f.tables[k] = tableOf(in.DatabaseName, in.TableInput)
	return &glue.UpdateTableOutput{}, nil
}

func (f *fakeGlue) DeleteTable(_ context.Context, in *glue.DeleteTableInput, _ ...func(*glue.Options)) (*glue.DeleteTableOutput, error) {
	k := aws.ToString(in.DatabaseName) + "." + aws.ToString(in.Name)
	f.calls = append(f.calls, "DeleteTable "+k)
	if f.tables[k] == nil {
		return nil, apiErr(codeNotFound, "Table not found.")
	}
	delete(f.tables, k)
	return &glue.DeleteTableOutput{}, nil
}

func (f *fakeGlue) CreateCrawler(_ context.Context, in *glue.CreateCrawlerInput, _ ...func(*glue.Options)) (*glue.CreateCrawlerOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "CreateCrawler "+n)
	if f.assumeFailures > 0 {
		f.assumeFailures--
		return nil, apiErr("InvalidInputException", "Service is unable to assume provided role. Please verify role's TrustPolicy")
	}
	if f.crawlers[n] != nil {
		return nil, apiErr(codeExists, "Crawler with name "+n+" has already been created")
	}
	f.crawlers[n] = &gluetypes.Crawler{Name: in.Name, Role: in.Role, DatabaseName: in.DatabaseName, TablePrefix: in.TablePrefix,
		Targets: in.Targets, SchemaChangePolicy: in.SchemaChangePolicy, RecrawlPolicy: in.RecrawlPolicy, Configuration: in.Configuration,
		State: gluetypes.CrawlerStateReady}
	f.tags["arn:aws:glue:us-east-1:123456789012:crawler/"+n] = in.Tags
	return &glue.CreateCrawlerOutput{}, nil
}

func (f *fakeGlue) GetCrawler(_ context.Context, in *glue.GetCrawlerInput, _ ...func(*glue.Options)) (*glue.GetCrawlerOutput, error) {
	c := f.crawlers[aws.ToString(in.Name)]
	if c == nil {
		return nil, apiErr(codeNotFound, "Crawler not found")
	}
	return &glue.GetCrawlerOutput{Crawler: c}, nil
}

func (f *fakeGlue) UpdateCrawler(_ context.Context, in *glue.UpdateCrawlerInput, _ ...func(*glue.Options)) (*glue.UpdateCrawlerOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "UpdateCrawler "+n)
	c := f.crawlers[n]
	c.Role, c.DatabaseName, c.Targets, c.TablePrefix = in.Role, in.DatabaseName, in.Targets, in.TablePrefix
	return &glue.UpdateCrawlerOutput{}, nil
}

func (f *fakeGlue) StopCrawler(_ context.Context, in *glue.StopCrawlerInput, _ ...func(*glue.Options)) (*glue.StopCrawlerOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "StopCrawler "+n)
	f.crawlers[n].State = gluetypes.CrawlerStateStopping
	return &glue.StopCrawlerOutput{}, nil
}

func (f *fakeGlue) DeleteCrawler(_ context.Context, in *glue.DeleteCrawlerInput, _ ...func(*glue.Options)) (*glue.DeleteCrawlerOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "DeleteCrawler "+n)
	if f.runningDeletes > 0 {
		f.runningDeletes--
		return nil, apiErr("CrawlerRunningException", "Crawler is running")
	}
	if f.crawlers[n] == nil {
		return nil, apiErr(codeNotFound, "Crawler not found")
	}
	delete(f.crawlers, n)
	return &glue.DeleteCrawlerOutput{}, nil
}

func (f *fakeGlue) GetTags(_ context.Context, in *glue.GetTagsInput, _ ...func(*glue.Options)) (*glue.GetTagsOutput, error) {
	t, ok := f.tags[aws.ToString(in.ResourceArn)]
	if !ok {
		return nil, apiErr(codeNotFound, "no such resource "+aws.ToString(in.ResourceArn))
	}
	return &glue.GetTagsOutput{Tags: t}, nil
}
