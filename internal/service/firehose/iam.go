package firehose

import (
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// DeliveryRoleInput describes a Firehose delivery stream writing to S3.
type DeliveryRoleInput struct {
	DeliveryStreamName string
	RoleName           string
	BucketName         string
	// Prefix and ErrorPrefix are the S3 prefixes as configured (they may use
	// Firehose's !{...} expressions). They narrow the KMS encryption-context
	// condition; the S3 grant itself covers the bucket
	// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
	Prefix      string
	ErrorPrefix string
	// SourceStreamName, if set, is the Kinesis stream the delivery stream
	// reads (KinesisStreamAsSource); empty means DirectPut.
	SourceStreamName string
	// TransformFunctionName, if set, is the Lambda function that transforms
	// records before delivery.
	TransformFunctionName string
	// KMSKeyARN, if set, is the customer managed key for SSE-KMS on the bucket.
	KMSKeyARN string
	// LogGroupName and LogStreamName are the CloudWatch Logs destination of
	// delivery errors. Defaults: /aws/kinesisfirehose/NAME and
	// DestinationDelivery, the names the Firehose console uses.
	LogGroupName  string
	LogStreamName string
	// OpenSearchDomain and OpenSearchIndex, if set, are the OpenSearch
	// Service destination; the bucket then holds its failed documents.
	OpenSearchDomain, OpenSearchIndex string
	// SecretName, if set, is the Secrets Manager secret the delivery
	// stream reads its HTTP endpoint access key or its Splunk HEC token
	// from (Splunk says it is the HEC token), or, with RedshiftUser, the
	// password of its Redshift database user; the bucket is then the
	// Redshift destination's staging bucket, Prefix where it stages and
	// ErrorPrefix where it backs records up.
	SecretName   string
	Splunk       bool
	RedshiftUser string
}

// LogGroup returns the default error log group of a delivery stream.
func LogGroup(deliveryStream string) string {
	return "/aws/kinesisfirehose/" + deliveryStream
}

// LogStream is the default error log stream of a delivery stream.
const LogStream = "DestinationDelivery"

// DeliveryRole returns the role a Firehose delivery stream assumes to
// deliver to S3, from AWS's policies for Firehose
// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
// Trust: firehose.amazonaws.com with sts:ExternalId = the account, the
// condition AWS documents for Firehose ("Allow Firehose to assume an IAM
// role" on that page). Policy: bucket-level S3 actions on the bucket and
// object-level ones on bucket/*; when configured, reading the source Kinesis
// stream, invoking the transform function, and SSE-KMS with the key limited
// to S3 in this Region and this bucket; always logs:PutLogEvents on the
// delivery-error log stream.
func DeliveryRole(env iam.Env, in DeliveryRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("Firehose delivery role %s", in.RoleName)
	if err := checkInput(env, &in); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	bucket := env.BucketARN(in.BucketName)
	objects := env.ObjectsARN(in.BucketName, "")

	// AWS's S3-destination policy lists the six S3 actions on both bucket and
	// bucket/* (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html);
	// each action is granted only on the resource type it applies to.
	stmts := []iam.Statement{
		iam.AllowStatement("S3Bucket", []string{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"}, bucket),
		iam.AllowStatement("S3Objects", []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"}, objects),
	}
	notes := []string{
		"wireup deploy gives the delivery stream this role for its S3 destination and, with a Kinesis source, for reading the stream too.",
		"Same-account bucket assumed: a bucket in another account also needs s3:PutObjectAcl and a bucket policy (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).",
	}

	if in.SourceStreamName != "" {
		// The statement AWS adds for a Kinesis data stream as source
		// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
		stmts = append(stmts, iam.AllowStatement("ReadSourceStream",
			[]string{"kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"},
			env.StreamARN(in.SourceStreamName)))
		notes = append(notes, "Kinesis source: AWS documents no KMS permission for the delivery role when the source stream is encrypted with a customer managed key (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html), so none is granted; if your stream uses one, test delivery with that key.")
	}

	if in.TransformFunctionName != "" {
		// AWS's example uses a qualified ARN (function:NAME:VERSION)
		// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
		// The delivery stream may be configured with the bare ARN or with a
		// version/alias, so both forms of this one function are granted.
		fn := env.FunctionARN(in.TransformFunctionName)
		stmts = append(stmts, iam.AllowStatement("InvokeTransform",
			[]string{"lambda:GetFunctionConfiguration", "lambda:InvokeFunction"}, fn, fn+":*"))
		notes = append(notes, "Transform function: Firehose invokes it with this role, so the function needs no resource policy.")
	}

	if in.KMSKeyARN != "" {
		// S3 uses the key on Firehose's behalf, so limit the key to S3 in this
		// Region and to objects of this bucket, as AWS's example does
		// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
		k := iam.AllowStatement("S3EncryptionKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, in.KMSKeyARN)
		k.Condition = iam.Condition{}.
			With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix()).
			With("StringLike", "kms:EncryptionContext:aws:s3:arn", kmsContexts(env, in)...)
		stmts = append(stmts, k)
		notes = append(notes,
			"SSE-KMS: the encryption context also allows the bucket ARN itself, which is the context S3 uses when the bucket has S3 Bucket Keys enabled; AWS's Firehose example shows only BUCKET/prefix* (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html), the bucket ARN is wireup's addition.",
			"SSE-KMS: kms:ViaService is s3.REGION.SUFFIX with this partition's endpoint suffix ("+env.DNSSuffix()+"); AWS's example shows only the aws partition's amazonaws.com and documents no value for aws-cn.")
	}

	if in.OpenSearchDomain != "" {
		st, n := openSearchStatements(env, in)
		stmts, notes = append(stmts, st...), append(notes, n...)
	}
	stmts, notes = secretStatement(env, in, stmts, notes)
	if in.RedshiftUser != "" {
		notes = append(notes, redshiftNotes(in)...)
	}

	// AWS's S3 example grants one named log stream
	// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
	// Firehose does not create
	// the group or stream with this role; the deployer must.
	stmts = append(stmts, iam.AllowStatement("WriteErrorLogs", []string{"logs:PutLogEvents"}, env.LogStreamARN(in.LogGroupName, in.LogStreamName)))
	notes = append(notes, fmt.Sprintf("Delivery errors are logged to log group %s, log stream %s, which wireup deploy creates before the delivery stream (Firehose creates neither); this role may write to that stream only.", in.LogGroupName, in.LogStreamName))

	source := "records sent to it"
	if in.SourceStreamName != "" {
		source = "records of Kinesis stream " + in.SourceStreamName
	}
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets Firehose delivery stream %s (this account only) deliver %s to bucket %s.", in.DeliveryStreamName, source, in.BucketName),
		Trust:   iam.TrustPolicy("TrustFirehose", "firehose.amazonaws.com", iam.Condition{}.With("StringEquals", "sts:ExternalId", env.AccountID)),
		Policy:  iam.NewDocument(stmts...),
		Notes:   notes,
	})
}

// kmsContexts returns the kms:EncryptionContext:aws:s3:arn patterns: the
// bucket (S3 Bucket Keys) and its objects, narrowed to the literal parts of
// both prefixes when both are set. An empty prefix means Firehose's default
// (YYYY/MM/DD/HH/…, or an error prefix under the bucket root), so bucket/*.
func kmsContexts(env iam.Env, in DeliveryRoleInput) []string {
	out := []string{env.BucketARN(in.BucketName)}
	if in.Prefix == "" || in.ErrorPrefix == "" {
		return append(out, env.ObjectsARN(in.BucketName, ""))
	}
	for _, p := range []string{in.Prefix, in.ErrorPrefix} {
		out = append(out, env.ObjectsARN(in.BucketName, literalPrefix(p)))
	}
	return out
}

// literalPrefix returns p up to its first Firehose expression (!{…}).
func literalPrefix(p string) string {
	if i := strings.Index(p, "!{"); i >= 0 {
		return p[:i]
	}
	return p
}

// checkInput validates in and fills in the default log destination.
func checkInput(env iam.Env, in *DeliveryRoleInput) error {
	if err := env.Check(); err != nil {
		return err
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return err
	}
	if err := iam.CheckName("delivery stream name", in.DeliveryStreamName); err != nil {
		return err
	}
	if err := iam.CheckName("bucket", in.BucketName); err != nil {
		return err
	}
	for _, p := range []string{in.Prefix, in.ErrorPrefix} {
		if strings.ContainsAny(literalPrefix(p), "*?") {
			return fmt.Errorf("prefix %q must not contain * or ?", p)
		}
	}
	if in.SourceStreamName != "" {
		if err := iam.CheckName("source stream name", in.SourceStreamName); err != nil {
			return err
		}
	}
	if in.TransformFunctionName != "" {
		if err := iam.CheckFunctionName(in.TransformFunctionName); err != nil {
			return err
		}
	}
	if in.SecretName != "" {
		if err := iam.CheckName("secret name", in.SecretName); err != nil {
			return err
		}
	}
	if in.KMSKeyARN != "" {
		if err := iam.CheckKey(env, in.KMSKeyARN); err != nil {
			return err
		}
	}
	if in.RedshiftUser != "" && in.SecretName == "" {
		return fmt.Errorf("redshift user %s needs the secret of its password", in.RedshiftUser)
	}
	if in.LogGroupName == "" {
		in.LogGroupName = LogGroup(in.DeliveryStreamName)
	}
	if in.LogStreamName == "" {
		in.LogStreamName = LogStream
	}
	if strings.ContainsAny(in.LogGroupName+in.LogStreamName, "*?: \t\n") {
		return fmt.Errorf("log group %q / stream %q must be plain names", in.LogGroupName, in.LogStreamName)
	}
	return nil
}

// withSource is in with the route's Kinesis source and the delivery
// stream's transform function, when it has them.
func withSource(s *spec.Spec, in DeliveryRoleInput) DeliveryRoleInput {
	if s.Has("kinesis-to-firehose") {
		in.SourceStreamName = s.Kinesis.Stream
	}
	if t := s.Firehose.Transform; t != nil {
		in.TransformFunctionName = t.Function
	}
	return in
}

// RoleInput is the delivery role input of the route's delivery stream into
// its bucket (the spec must have both). Both the plan and the generator's
// iam/ files use it, so the two never describe different grants.
func RoleInput(s *spec.Spec) DeliveryRoleInput {
	f := s.Firehose
	in := DeliveryRoleInput{DeliveryStreamName: f.DeliveryStream, RoleName: f.Role, BucketName: s.S3.Bucket,
		Prefix: f.Prefix, ErrorPrefix: f.ErrorPrefix, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
	if s.Has("kinesis-to-firehose") {
		in.SourceStreamName = s.Kinesis.Stream
	}
	if t := f.Transform; t != nil {
		in.TransformFunctionName = t.Function
	}
	if h := s.HTTPEndpoint; h != nil {
		in.SecretName = h.Secret
	}
	if sp := s.Splunk; sp != nil {
		in.SecretName, in.Splunk = sp.Secret, true
	}
	return in
}
