package firehose

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/opensearch"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// The OpenSearch Service destination of a delivery stream
// (firehose-to-opensearch): Firehose bulk-indexes the records into the
// domain's index, rotating it if asked, and writes the documents the
// domain refuses to a backup bucket.

// OpenSearchHop is the catalog integration of the OpenSearch destination.
const OpenSearchHop = "firehose-to-opensearch"

// motoRejectsOpenSearch is what moto 5.2.1 answers the OpenSearch
// destination (measured: CreateDeliveryStream with
// AmazonopensearchserviceDestinationConfiguration).
const motoRejectsOpenSearch = "moto rejects the OpenSearch Service destination (CreateDeliveryStream with AmazonopensearchserviceDestinationConfiguration: InvalidArgumentException: Exactly one destination configuration is supported for a Firehose); it accepts only the legacy Elasticsearch destination, which is not what AWS is given here, so the route is not deployed on moto"

// openSearchRows are the capability rows of the OpenSearch destination.
func openSearchRows() targets.Rows {
	return targets.Rows{OpenSearchHop: {
		targets.Moto:       targets.Refused(motoRejectsOpenSearch, opensearch.MotoNoEngine),
		targets.Kumo:       targets.Refused("kumo accepts the OpenSearch destination but keeps none of it (DescribeDeliveryStream shows no destination), and has no OpenSearch Service", opensearch.KumoNoOpenSearch),
		targets.LocalStack: targets.Refused(opensearch.LocalStackNotMeasured, opensearch.LocalStackNotMeasured),
	}}
}

// wireOpenSearch makes the delivery stream deliver to the route's domain,
// with its backup bucket for failed documents.
func wireOpenSearch(b *plan.Builder, ds *plan.Resource) {
	o := b.Spec().OpenSearch
	ds.Settings["destination"] = "opensearch"
	ds.Settings["indexName"], ds.Settings["indexRotation"] = o.Index, o.IndexRotation
	ds.Settings["backupPrefix"] = o.BackupPrefix
	// Firehose retries a refused bulk request for this long before it
	// writes the documents to the backup bucket (AWS's default, 300 s).
	ds.Settings["retrySeconds"] = "300"
	b.Ref(ds, "domainArn", plan.IDDomain, "arn")
	b.Ref(ds, "bucketArn", plan.IDBackupBucket, "arn")
}

// openSearchDestination turns the create input's S3 destination into the
// OpenSearch destination with that bucket as the backup of failed
// documents
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_AmazonopensearchserviceDestinationConfiguration.html).
func openSearchDestination(input *firehose.CreateDeliveryStreamInput, in *DeliveryStreamSettings) {
	s3 := input.ExtendedS3DestinationConfiguration
	input.ExtendedS3DestinationConfiguration = nil
	input.AmazonopensearchserviceDestinationConfiguration = &fhtypes.AmazonopensearchserviceDestinationConfiguration{
		DomainARN: aws.String(in.DomainArn), IndexName: aws.String(in.IndexName), RoleARN: s3.RoleARN,
		IndexRotationPeriod: fhtypes.AmazonopensearchserviceIndexRotationPeriod(in.IndexRotation),
		BufferingHints: &fhtypes.AmazonopensearchserviceBufferingHints{SizeInMBs: s3.BufferingHints.SizeInMBs,
			IntervalInSeconds: s3.BufferingHints.IntervalInSeconds},
		RetryOptions:      &fhtypes.AmazonopensearchserviceRetryOptions{DurationInSeconds: aws.Int32(in.RetrySeconds)},
		S3BackupMode:      fhtypes.AmazonopensearchserviceS3BackupModeFailedDocumentsOnly,
		DocumentIdOptions: &fhtypes.DocumentIdOptions{DefaultDocumentIdFormat: fhtypes.DefaultDocumentIdFormatFirehoseDefault},
		S3Configuration: &fhtypes.S3DestinationConfiguration{BucketARN: s3.BucketARN, RoleARN: s3.RoleARN,
			Prefix: aws.String(in.BackupPrefix), CompressionFormat: fhtypes.CompressionFormatGzip,
			CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions},
		CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions,
		ProcessingConfiguration:  s3.ProcessingConfiguration,
	}
}

// openSearchRoleInput is the delivery role input of a stream into the
// route's domain: the backup bucket is its S3 destination.
func openSearchRoleInput(s *spec.Spec) DeliveryRoleInput {
	f, o := s.Firehose, s.OpenSearch
	return withSource(s, DeliveryRoleInput{DeliveryStreamName: f.DeliveryStream, RoleName: f.Role, BucketName: o.BackupBucket,
		Prefix: o.BackupPrefix, ErrorPrefix: o.BackupPrefix, OpenSearchDomain: o.Domain, OpenSearchIndex: o.Index})
}

// openSearchStatements are the delivery role's grants on the domain, as
// AWS's example for an OpenSearch Service destination lists them
// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es):
// the domain's configuration, bulk indexing anywhere in it (POST /_bulk is
// at its root), and the reads Firehose makes before it delivers.
func openSearchStatements(env iam.Env, in DeliveryRoleInput) ([]iam.Statement, []string) {
	d := env.DomainARN(in.OpenSearchDomain)
	return []iam.Statement{
			iam.AllowStatement("OpenSearchDomain", []string{"es:DescribeDomain", "es:DescribeDomainConfig", "es:DescribeDomains", "es:ESHttpPost", "es:ESHttpPut"}, d, d+"/*"),
			iam.AllowStatement("OpenSearchReads", []string{"es:ESHttpGet"}, opensearch.FirehoseReadPaths(env, in.OpenSearchDomain, in.OpenSearchIndex)...),
		}, []string{
			"OpenSearch destination: the domain's access policy names this role too (iam/opensearch-access-policy-" + in.OpenSearchDomain + ".json); documents the domain refuses go to bucket " + in.BucketName + " under " + in.Prefix + ".",
		}
}
