package redshift

import (
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Redshift: no
// producer, reader or handler; what it writes into S3 (UNLOAD) is query
// output, not the project's events.
func Generator() service.Generator {
	return service.Generator{
		ID: "redshift", Func: "Redshift",
		Settings: func(s *spec.Spec) []service.Setting {
			r := s.Redshift
			out := []service.Setting{}
			if r.Provisioned() {
				out = append(out, service.Setting{Env: "REDSHIFT_CLUSTER", Field: "RedshiftCluster", Default: r.Cluster, Doc: "the provisioned cluster the SQL runs on"})
			} else {
				out = append(out, service.Setting{Env: "REDSHIFT_WORKGROUP", Field: "RedshiftWorkgroup", Default: r.Workgroup, Doc: "the Redshift Serverless workgroup the SQL runs on"})
			}
			out = append(out,
				service.Setting{Env: "REDSHIFT_DATABASE", Field: "RedshiftDatabase", Default: r.Database, Doc: "the database the SQL runs in"},
				service.Setting{Env: "REDSHIFT_TABLE", Field: "RedshiftTable", Default: r.Table, Doc: "the events table"},
				service.Setting{Env: "REDSHIFT_SECRET_ARN", Field: "RedshiftSecretARN", Default: "", Doc: "a secret to authenticate with instead of the caller's IAM identity (the admin secret Redshift manages)"})
			if r.CopyPrefix != "" {
				out = append(out, service.Setting{Env: "REDSHIFT_COPY_PREFIX", Field: "RedshiftCopyPrefix", Default: r.CopyPrefix, Doc: "the prefix of the route's bucket COPY loads"})
			}
			if r.UnloadPrefix != "" {
				out = append(out, service.Setting{Env: "REDSHIFT_UNLOAD_PREFIX", Field: "RedshiftUnloadPrefix", Default: r.UnloadPrefix, Doc: "the prefix of the route's bucket UNLOAD writes"})
			}
			if r.Firehose() {
				out = append(out,
					service.Setting{Env: "REDSHIFT_FIREHOSE_USER", Field: "RedshiftFirehoseUser", Default: r.FirehoseUser, Doc: "the database user the delivery stream logs in as, which cmd/sql creates"},
					service.Setting{Env: "REDSHIFT_FIREHOSE_SECRET", Field: "RedshiftFirehoseSecret", Default: r.FirehoseSecret, Doc: "the secret of that user's password (deploy generates it), which cmd/sql reads to create the user"})
			}
			if r.ExternalSchema != "" {
				out = append(out,
					service.Setting{Env: "REDSHIFT_EXTERNAL_SCHEMA", Field: "RedshiftExternalSchema", Default: r.ExternalSchema, Doc: "the Spectrum schema over the Glue database"},
					service.Setting{Env: "REDSHIFT_GLUE_DATABASE", Field: "RedshiftGlueDatabase", Default: s.Glue.Database, Doc: "the Glue database the external schema reads"},
					service.Setting{Env: "REDSHIFT_EXTERNAL_TABLE", Field: "RedshiftExternalTable", Default: glue.TableName(s), Doc: "the catalog table Spectrum queries (empty: list the schema's tables)"})
			}
			return out
		},
		Resource: func(s *spec.Spec) string {
			if s.Redshift.Provisioned() {
				return s.Redshift.Cluster
			}
			return s.Redshift.Workgroup
		},
		Defaults:    Defaults,
		ResultsOnly: true,
		Modules:     []string{"github.com/aws/aws-sdk-go-v2/service/redshiftdata"},
		Commands: []service.Command{{
			Name: "sql",
			On:   func(s *spec.Spec) bool { return s.Redshift != nil },
			Doc: func(s *spec.Spec) string {
				doc := "runs the route's SQL on " + warehouse(s) + " through the Redshift Data API (`go run ./cmd/sql`: " + strings.Join(Steps(s), ", ") +
					"; or `-sql 'SELECT …'`), and shows the rows of `sys_load_error_detail` when a load fails"
				if s.Redshift.Firehose() || QuickSightUser(s) != "" {
					doc += "; it creates database users, which needs the admin: `REDSHIFT_SECRET_ARN=<the warehouse's secretArn in .wireup/state.json> go run ./cmd/sql`"
				}
				return doc
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) { return SQLPolicy(env, SQLInputFor(s)) },
			SpecModules: func(s *spec.Spec) []string {
				if len(userSecrets(s)) > 0 {
					return []string{"github.com/aws/aws-sdk-go-v2/service/secretsmanager"}
				}
				return nil
			},
		}},
	}
}

// QuickSightUser is the read-only database user the project's SQL
// creates for QuickSight, on a route QuickSight reads the warehouse on;
// "" otherwise.
func QuickSightUser(s *spec.Spec) string {
	if s.QuickSight == nil || s.Redshift == nil {
		return ""
	}
	return s.QuickSight.DatabaseUser
}

// quickSightSecret is the secret of that user's password, which the SQL
// reads at run time: on a serverless workgroup; "" on a cluster, where
// QuickSight signs in with IAM.
func quickSightSecret(s *spec.Spec) string {
	if QuickSightUser(s) == "" || s.Redshift.Provisioned() {
		return ""
	}
	return s.QuickSight.Secret
}

// userSecrets are the secrets of the database users cmd/sql creates with
// their passwords, which it reads at run time: Firehose's (it signs in
// with its password on either warehouse) and QuickSight's on a serverless
// workgroup.
func userSecrets(s *spec.Spec) []string {
	var out []string
	if s.Redshift.Firehose() {
		out = append(out, s.Redshift.FirehoseSecret)
	}
	if q := quickSightSecret(s); q != "" {
		out = append(out, q)
	}
	return out
}

// warehouse names the spec's warehouse for the README.
func warehouse(s *spec.Spec) string {
	if s.Redshift.Provisioned() {
		return "cluster " + s.Redshift.Cluster
	}
	return "workgroup " + s.Redshift.Workgroup
}

// Steps are what cmd/sql runs by default on the spec's route, in order.
func Steps(s *spec.Spec) []string {
	r := s.Redshift
	var out []string
	if r.ExternalSchema != "" {
		out = append(out, "create the external schema "+r.ExternalSchema)
		if s.Has(glue.SpectrumHop) || glue.TableName(s) != "" {
			out = append(out, "count the rows of "+r.ExternalSchema+"."+glue.TableName(s)+" with Spectrum")
		} else {
			out = append(out, "list its tables")
		}
	}
	if r.CreatesTable() {
		out = append(out, "create table "+r.Table)
	}
	if r.Firehose() {
		out = append(out, "create Firehose's database user "+r.FirehoseUser+" with the password of secret "+r.FirehoseSecret+", or set it again",
			"grant it INSERT on "+r.Table, "count the rows Firehose loaded")
	}
	if u := QuickSightUser(s); u != "" {
		if r.Provisioned() {
			out = append(out, "create QuickSight's database user "+u+" with no password (IAM sign-in only), unless it exists")
		} else {
			out = append(out, "create QuickSight's database user "+u+" with the password of secret "+s.QuickSight.Secret+", or set it again")
		}
		if r.CreatesTable() {
			out = append(out, "grant it SELECT on "+r.Table)
		}
	}
	if r.CopyPrefix != "" {
		out = append(out, "COPY it from s3://"+s.S3.Bucket+"/"+r.CopyPrefix)
	}
	if r.UnloadPrefix != "" {
		out = append(out, "UNLOAD it to s3://"+s.S3.Bucket+"/"+r.UnloadPrefix+" as Parquet")
	}
	return out
}
