package firehose

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// The Redshift destination of a delivery stream (firehose-to-redshift):
// Firehose stages the records as gzipped objects in a bucket of the
// route's, then logs in to the warehouse as a database user of its own
// (its password in a secret deploy generates) and runs COPY into the
// events table. Firehose reaches Redshift over the public endpoint, so the
// warehouse is publicly accessible on this route only, and its security
// group must let in the Firehose CIDR of the Region
// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs),
// which the user adds: wireup creates no network.

// RedshiftHop is the catalog integration of the Redshift destination.
const RedshiftHop = "firehose-to-redshift"

// RedshiftColumns are the table's columns COPY fills: the fields of the
// generated event type, as the table the project's cmd/sql creates has
// them, "time" quoted as Redshift reserves it
// (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html).
const RedshiftColumns = `id,source,seq,kind,value,"time"`

// RedshiftCopyOptions are the COPY options of the staged objects: JSON
// matched to the columns by key name, timestamps as the event writes them,
// gzipped as Firehose stages them (a compression format of the staging
// configuration needs its COPY option,
// https://docs.aws.amazon.com/firehose/latest/APIReference/API_CopyCommand.html,
// https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-json.html).
const RedshiftCopyOptions = "FORMAT AS JSON 'auto' TIMEFORMAT 'auto' GZIP"

// RedshiftReachability is what the user must provide for Firehose to
// reach the warehouse, for the plan, the README and the deploy banner.
const RedshiftReachability = "Firehose connects to the warehouse's public endpoint on its port (5439) from the Firehose CIDR block of the Region: wireup makes the warehouse publicly accessible on this route only and creates no network, so add an inbound rule for that CIDR block (and no other) to the warehouse's VPC security group yourself (the CIDR blocks per Region: https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs)"

// RedshiftTableFirst is the other thing data needs before it flows: the
// table and Firehose's database user, which deploy does not make (it runs
// no SQL) but the project's cmd/sql does, as the admin: creating a user
// needs one.
const RedshiftTableFirst = "the events table and Firehose's database user must exist before data flows, and deploy runs no SQL: after deploy, run the project's SQL as the admin, `REDSHIFT_SECRET_ARN=<the warehouse's secretArn in .wireup/state.json> go run ./cmd/sql`; it creates the table, creates the user redshift.firehoseUser with the password of secret redshift.firehoseSecret (read at run time, sent to Redshift only as its MD5 form; set again on a re-run) and grants it INSERT on the table only (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html)"

// motoDiscardsRedshift is what moto does with the Redshift destination
// (docs/emulators.md: accepted and read back, data discarded).
const motoDiscardsRedshift = "moto accepts the Redshift destination and reads it back, but discards the records: nothing is staged in S3 and no COPY runs (moto runs no Redshift SQL), so verify exits 3"

// redshiftRow is what each emulator proves of a delivery stream loading
// Redshift.
func redshiftRow() targets.Row {
	return targets.Row{
		targets.Moto:       targets.Wired(motoDiscardsRedshift + "; it deploys only the provisioned cluster (redshift.mode: provisioned): moto has no Redshift Serverless"),
		targets.Kumo:       targets.Refused("kumo accepts the Redshift destination but drops it (DescribeDeliveryStream shows none of it), and drops the cluster's IAM roles", "kumo keeps Firehose records in memory and runs no Redshift SQL"),
		targets.LocalStack: targets.Refused("Redshift is not measured on LocalStack by wireup", "Redshift is not measured on LocalStack by wireup"),
	}
}

// wireRedshift makes the delivery stream load the route's warehouse.
func wireRedshift(b *plan.Builder, ds *plan.Resource, in string) {
	r := b.Spec().Redshift
	ds.Integration = in
	ds.Settings["destination"] = "redshift"
	ds.Settings["database"], ds.Settings["table"] = r.Database, r.Table
	ds.Settings["columns"], ds.Settings["copyOptions"] = RedshiftColumns, RedshiftCopyOptions
	ds.Settings["stagingPrefix"], ds.Settings["backupPrefix"] = r.StagingPrefix, r.BackupPrefix
	ds.Settings["retrySeconds"] = plan.ItoA(r.RetrySeconds)
	ds.Settings[plan.SettingYouProvide] = RedshiftReachability + "\n" + RedshiftTableFirst
	wh := plan.IDServerlessWorkgroup
	if r.Provisioned() {
		wh = plan.IDCluster
	}
	b.Ref(ds, "endpoint", wh, "endpoint")
	b.Ref(ds, "port", wh, "port")
	b.Ref(ds, "bucketArn", plan.IDStagingBucket, "arn")
	b.Ref(ds, "secretArn", plan.IDRedshiftFirehoseSecret, "arn")
}

// JDBCURL is the warehouse's JDBC URL Firehose connects to: the cluster's
// or the workgroup's endpoint
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftDestinationConfiguration.html).
func JDBCURL(endpoint, port, database string) string {
	return fmt.Sprintf("jdbc:redshift://%s:%s/%s", endpoint, port, database)
}

// redshiftDestination is the Redshift destination of the delivery stream
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftDestinationConfiguration.html):
// the user's credentials from Secrets Manager, the gzipped objects staged
// under the staging prefix of the bucket of s3 (SNAPPY and ZIP are not
// allowed there), every record also backed up under the backup prefix,
// Firehose's retries of a failed COPY, and delivery errors in the stream's
// error log.
func redshiftDestination(in *DeliveryStreamSettings, s3 *fhtypes.ExtendedS3DestinationConfiguration) (*fhtypes.RedshiftDestinationConfiguration, error) {
	if in.Endpoint == "" || in.Port == "" {
		return nil, fmt.Errorf("delivery stream: the warehouse reported no endpoint to connect to; run `wireup deploy` again once it is available")
	}
	staging := func(prefix string) *fhtypes.S3DestinationConfiguration {
		return &fhtypes.S3DestinationConfiguration{BucketARN: s3.BucketARN, RoleARN: s3.RoleARN, Prefix: aws.String(prefix),
			CompressionFormat: fhtypes.CompressionFormatGzip, BufferingHints: s3.BufferingHints, CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions}
	}
	return &fhtypes.RedshiftDestinationConfiguration{
		RoleARN:        s3.RoleARN,
		ClusterJDBCURL: aws.String(JDBCURL(in.Endpoint, in.Port, in.Database)),
		CopyCommand: &fhtypes.CopyCommand{DataTableName: aws.String(in.Table), DataTableColumns: aws.String(in.Columns),
			CopyOptions: aws.String(in.CopyOptions)},
		SecretsManagerConfiguration: &fhtypes.SecretsManagerConfiguration{Enabled: aws.Bool(true),
			SecretARN: aws.String(in.SecretArn), RoleARN: s3.RoleARN},
		S3Configuration:          staging(in.StagingPrefix),
		S3BackupMode:             fhtypes.RedshiftS3BackupModeEnabled,
		S3BackupConfiguration:    staging(in.BackupPrefix),
		RetryOptions:             &fhtypes.RedshiftRetryOptions{DurationInSeconds: aws.Int32(in.RetrySeconds)},
		CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions,
		ProcessingConfiguration:  s3.ProcessingConfiguration,
	}, nil
}

// redshiftRoleInput is the delivery role input of a stream loading the
// route's warehouse: the staging bucket is its S3 destination, and it
// reads its database user's secret.
func redshiftRoleInput(s *spec.Spec) DeliveryRoleInput {
	f, r := s.Firehose, s.Redshift
	return withSource(s, DeliveryRoleInput{DeliveryStreamName: f.DeliveryStream, RoleName: f.Role, BucketName: r.StagingBucket,
		Prefix: r.StagingPrefix, ErrorPrefix: r.BackupPrefix, SecretName: r.FirehoseSecret, RedshiftUser: r.FirehoseUser})
}

// redshiftNotes are what the delivery role does not grant on this route:
// Firehose uses no IAM towards Redshift, it logs in with the user of the
// secret ("Firehose uses the specified Amazon Redshift user name and
// password to access your cluster, and uses an IAM role to access the
// specified bucket",
// https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs).
func redshiftNotes(in DeliveryRoleInput) []string {
	return []string{
		"Redshift destination: Firehose logs in as database user " + in.RedshiftUser + " with the password of secret " + in.SecretName +
			" (its name and Secrets Manager's six-character suffix), stages objects in bucket " + in.BucketName + " under " + in.Prefix +
			" and backs every record up under " + in.ErrorPrefix + "; this role has no IAM permission on Redshift itself, the user may only INSERT into the table (cmd/sql creates the user with that password and grants it).",
		"Redshift reachability: " + RedshiftReachability + ".",
	}
}
