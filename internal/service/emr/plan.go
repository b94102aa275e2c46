package emr

import (
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the application of the spec's emr section, its job
// runtime role, and its bucket when the route has none to share.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "emr" }

// BucketID is the plan id of the bucket the job's files go into.
func BucketID(s *spec.Spec) string {
	if s.S3 != nil && s.EMR.Bucket == s.S3.Bucket {
		return plan.IDBucket
	}
	return plan.IDEMRBucket
}

// LayoutOf is where the spec's job files go.
func LayoutOf(s *spec.Spec) Layout { return Layout{Bucket: s.EMR.Bucket, Prefix: s.EMR.Prefix} }

// Input is what the spec's job reads: an S3 prefix of the route's bucket
// (the events of s3-to-emr, or the crawled table's data for glue-to-emr),
// the Glue table, or the DynamoDB table.
type Input struct {
	Prefix          string
	Database, Table string
	DynamoDBTable   string
}

// None reports that the route gives the job nothing to read.
func (in Input) None() bool { return in == Input{} }

// InputOf is the input of the spec's job.
func InputOf(s *spec.Spec) Input {
	switch {
	case s.Has("dynamodb-to-emr") && s.DynamoDB != nil:
		return Input{DynamoDBTable: s.DynamoDB.Table}
	case s.Has("glue-to-emr") && s.Glue != nil && s.Has("s3-to-glue") && s.Glue.Prefix != "":
		return Input{Prefix: s.Glue.Prefix, Database: s.Glue.Database, Table: glue.TableName(s)}
	case !s.Has("s3-to-emr") || s.S3 == nil:
		// glue-to-emr over a catalog wireup does not crawl from S3 (a
		// crawled DynamoDB table has no S3 data for Spark), or emr-to-s3
		// alone: the route gives the job nothing to read.
		return Input{}
	case s.Firehose != nil && s.Has("firehose-to-s3"):
		p, _, _ := strings.Cut(s.Firehose.Prefix, "!{")
		return Input{Prefix: p}
	}
	return Input{Prefix: s.S3.ObjectPrefix}
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	e := s.EMR
	if e == nil {
		return nil
	}
	bucket := BucketID(s)
	if bucket == plan.IDEMRBucket {
		// A bucket of its own (the route from DynamoDB has none):
		// encrypted with SSE-S3 like every bucket wireup makes, TLS only,
		// emptied on destroy (it holds the job's script, output and logs).
		b.Add(&plan.Resource{ID: plan.IDEMRBucket, Kind: plan.KindBucket, Name: e.Bucket, Settings: map[string]string{
			"versioning": "false", "kmsKey": "", "forceDestroy": "true", "objectPrefix": "",
		}})
		rp, err := s3.TLSOnlyPolicy(b.IAMEnv(), e.Bucket)
		if err := b.SetResourcePolicy(plan.IDEMRBucket, rp, err); err != nil {
			return err
		}
	}
	b.Add(&plan.Resource{ID: plan.IDRoleEMR, Kind: plan.KindRole, Name: e.Role})
	in := InputOf(s)
	app := b.Add(&plan.Resource{ID: plan.IDEMRApplication, Kind: plan.KindEMRApplication, Name: e.Application, Settings: map[string]string{
		"type": e.Type, "releaseLabel": e.ReleaseLabel,
		"idleTimeoutMinutes": strconv.Itoa(e.IdleTimeoutMinutes),
		"maxCpu":             strconv.Itoa(e.MaxVCPU) + " vCPU", "maxMemory": strconv.Itoa(e.MaxMemoryGB) + " GB", "maxDisk": strconv.Itoa(e.MaxDiskGB) + " GB",
		"prefix":            e.Prefix,
		"jobTimeoutMinutes": strconv.Itoa(e.JobTimeoutMinutes),
		"inputPrefix":       in.Prefix, "database": in.Database, "table": in.Table, "dynamodbTable": in.DynamoDBTable,
	}})
	b.Ref(app, "bucket", bucket, "name")
	// The role's ARN is what a job run is started with; destroy deletes
	// the application (cancelling its runs) before the role they assume.
	b.Ref(app, "jobRoleArn", plan.IDRoleEMR, "arn")
	return nil
}

// Wire implements plan.Wirer: the job reads S3, the catalog or DynamoDB
// and writes S3 as its runtime role, which the application's plan holds;
// nothing else is called.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	return (in.To == "emr" || in.From == "emr") && b.Resource(plan.IDEMRApplication) != nil, nil
}

var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the job runtime role.
func (Planner) Roles(b *plan.Builder) error {
	s := b.Spec()
	if s.EMR == nil {
		return nil
	}
	return b.SetRole(plan.IDRoleEMR)(JobRole(b.IAMEnv(), RoleInputFor(s)))
}

// RoleInputFor is the job role input of the spec; the plan and the
// generator's iam/ files both use it.
func RoleInputFor(s *spec.Spec) JobRoleInput {
	in := InputOf(s)
	r := JobRoleInput{RoleName: s.EMR.Role, Application: s.EMR.Application, Layout: LayoutOf(s),
		InputPrefix: in.Prefix, Database: in.Database, Table: in.Table, DynamoDBTable: in.DynamoDBTable}
	if s.S3 != nil && s.EMR.Bucket == s.S3.Bucket {
		r.KMSKeyARN = plan.KeyARN(s.S3.KMSKey)
	}
	return r
}

// LaunchInputFor is cmd/job's policy input for the spec.
func LaunchInputFor(s *spec.Spec) LaunchInput {
	l := LaunchInput{Name: s.Name + "-job", Project: s.Name, Role: s.EMR.Role, Layout: LayoutOf(s)}
	if s.S3 != nil && s.EMR.Bucket == s.S3.Bucket {
		l.KMSKeyARN = plan.KeyARN(s.S3.KMSKey)
	}
	return l
}
