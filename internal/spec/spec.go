// Package spec is the wireup project specification: plain data, saved as
// wireup.yaml, that reproduces a generated project byte for byte.
//
// Flags and the wizard both fill a Spec; New derives secure defaults from the
// project name and route; Validate checks it against AWS's naming rules and
// the catalog; the generator and the planner only read it. spec holds the
// document, its route queries and the core rules; each service's section
// defaults, rules and name checks are in its package
// (internal/service/<id>/spec.go), and registry.New and registry.Validate
// pass them all.
package spec

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wireup/wireup/internal/catalog"
)

// Version is the current spec format version.
const Version = 1

// FileName is the spec's file name inside a project.
const FileName = "wireup.yaml"

// Spec describes one project: a route and the resources along it. A service
// appears at most once on a route, so each resource type has one section; a
// nil section is not on the route.
type Spec struct {
	Version int               `yaml:"version"`
	Name    string            `yaml:"name"`
	Region  string            `yaml:"region"`
	Route   []string          `yaml:"route"` // integration ids, source first
	Tags    map[string]string `yaml:"tags,omitempty"`
	// Module is the generated Go module's path; empty: example.com/<name>
	// (see ModulePath for the rule).
	Module string `yaml:"module,omitempty"`

	Logs        *Logs        `yaml:"logs,omitempty"`
	IoT         *IoT         `yaml:"iot,omitempty"`
	EventBridge *EventBridge `yaml:"eventbridge,omitempty"`
	Kinesis     *Kinesis     `yaml:"kinesis,omitempty"`
	Firehose    *Firehose    `yaml:"firehose,omitempty"`
	S3          *S3          `yaml:"s3,omitempty"`
	SQS         *SQS         `yaml:"sqs,omitempty"`
	SNS         *SNS         `yaml:"sns,omitempty"`
	DynamoDB    *DynamoDB    `yaml:"dynamodb,omitempty"`
	Lambda      *Lambda      `yaml:"lambda,omitempty"`
	Glue        *Glue        `yaml:"glue,omitempty"`
	Athena      *Athena      `yaml:"athena,omitempty"`
	QuickSight  *QuickSight  `yaml:"quicksight,omitempty"`
	SageMaker   *SageMaker   `yaml:"sagemaker,omitempty"`
	// StepFunctions is the state machine of a route with a Glue job.
	StepFunctions *StepFunctions `yaml:"stepfunctions,omitempty"`
	EMR           *EMR           `yaml:"emr,omitempty"`
	OpenSearch    *OpenSearch    `yaml:"opensearch,omitempty"`
	Redshift      *Redshift      `yaml:"redshift,omitempty"`
	// HTTPEndpoint is the receiver of a Firehose HTTP endpoint destination.
	HTTPEndpoint *HTTPEndpoint `yaml:"httpEndpoint,omitempty"`
	// Splunk is the HTTP Event Collector of a Firehose Splunk destination.
	Splunk *Splunk `yaml:"splunk,omitempty"`
}

// IoT is an IoT Core topic rule and the MQTT topic the producer publishes to.
type IoT struct {
	Rule  string `yaml:"rule"`  // topic rule name: [a-zA-Z0-9_]+, 1-128
	Topic string `yaml:"topic"` // MQTT topic the producer publishes to
	SQL   string `yaml:"sql"`   // rule query, e.g. SELECT * FROM 'topic'
	Role  string `yaml:"role"`  // IAM role the rule assumes for its action
}

// EventBridge is a rule on the account's default event bus, and the
// events the producer puts there for it to match.
type EventBridge struct {
	EventBus   string `yaml:"eventBus"`       // "default": the rule and the producer use the account's default bus
	Rule       string `yaml:"rule"`           // rule name: [a-zA-Z0-9._-]+, 1-64
	Source     string `yaml:"source"`         // the source of the producer's events
	DetailType string `yaml:"detailType"`     // their detail-type
	Pattern    string `yaml:"pattern"`        // the rule's event pattern (JSON); it must match source and detailType
	Role       string `yaml:"role,omitempty"` // the role EventBridge assumes to write to a Kinesis or Firehose target
	// DeadLetterQueue is the SQS queue an event goes to when the target
	// does not take it within the retry policy; empty: it is dropped.
	DeadLetterQueue    string `yaml:"deadLetterQueue,omitempty"`
	MaxRetryAttempts   int    `yaml:"maxRetryAttempts"`   // 0-185
	MaxEventAgeSeconds int    `yaml:"maxEventAgeSeconds"` // 60-86400
}

// Kinesis is a data stream.
type Kinesis struct {
	Stream         string `yaml:"stream"`
	Mode           string `yaml:"mode"`           // ON_DEMAND or PROVISIONED
	Shards         int    `yaml:"shards"`         // PROVISIONED only, 1-500
	RetentionHours int    `yaml:"retentionHours"` // 24-8760
	Encryption     bool   `yaml:"encryption"`     // SSE with the AWS managed key alias/aws/kinesis
}

// Firehose is a delivery stream into S3, optionally with a Lambda transform.
type Firehose struct {
	DeliveryStream        string `yaml:"deliveryStream"`
	Role                  string `yaml:"role"`
	BufferSizeMiB         int    `yaml:"bufferSizeMiB"`         // 1-128
	BufferIntervalSeconds int    `yaml:"bufferIntervalSeconds"` // 0-900
	Prefix                string `yaml:"prefix"`
	ErrorPrefix           string `yaml:"errorPrefix"`
	Compression           string `yaml:"compression"` // UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY
	// ErrorLogRetentionDays is how long the delivery error log group
	// /aws/kinesisfirehose/<deliveryStream> keeps Firehose's error logs;
	// 0 (or absent) keeps them forever, CloudWatch Logs' own default.
	ErrorLogRetentionDays int        `yaml:"errorLogRetentionDays,omitempty"`
	Transform             *Transform `yaml:"transform,omitempty"`
}

// Transform is a Firehose Lambda record processor.
type Transform struct {
	Function       string `yaml:"function"`
	Role           string `yaml:"role"`
	MemoryMiB      int    `yaml:"memoryMiB"`      // 128-10240
	TimeoutSeconds int    `yaml:"timeoutSeconds"` // 1-900; Firehose allows at most 300 for a processor
	BufferSizeMiB  int    `yaml:"bufferSizeMiB"`  // processor buffer, 1-3
}

// S3 is a bucket, and the event notification when the bucket is a source.
type S3 struct {
	Bucket       string   `yaml:"bucket"`
	Versioning   bool     `yaml:"versioning"`
	KMSKey       string   `yaml:"kmsKey,omitempty"` // empty: SSE-S3 (AES256)
	Events       []string `yaml:"events,omitempty"` // s3:ObjectCreated:* etc.; source only
	FilterPrefix string   `yaml:"filterPrefix,omitempty"`
	FilterSuffix string   `yaml:"filterSuffix,omitempty"`
	ObjectPrefix string   `yaml:"objectPrefix,omitempty"` // where producers write
	ForceDestroy bool     `yaml:"forceDestroy"`           // destroy empties the bucket (all versions)
}

// SQS is a queue with its dead-letter queue.
type SQS struct {
	Queue                    string `yaml:"queue"`
	VisibilityTimeoutSeconds int    `yaml:"visibilityTimeoutSeconds"` // 0-43200
	RetentionSeconds         int    `yaml:"retentionSeconds"`         // 60-1209600
	DeadLetterQueue          string `yaml:"deadLetterQueue,omitempty"`
	MaxReceiveCount          int    `yaml:"maxReceiveCount,omitempty"` // 1-1000
	Encryption               bool   `yaml:"encryption"`                // SSE-SQS, or KMSKey
	// KMSKey is the ARN of a customer managed key in the spec's Region
	// that encrypts the queue instead of SSE-SQS; its key policy can let
	// the services that send to the queue use it
	// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
	// The dead-letter queue stays SSE-SQS.
	KMSKey       string `yaml:"kmsKey,omitempty"`
	RawDelivery  bool   `yaml:"rawDelivery,omitempty"`  // SNS subscription: raw message delivery
	FilterPolicy string `yaml:"filterPolicy,omitempty"` // SNS subscription filter policy (JSON)
}

// SNS is a topic.
type SNS struct {
	Topic      string `yaml:"topic"`
	Encryption bool   `yaml:"encryption"` // SSE with alias/aws/sns, or KMSKey
	// KMSKey is the ARN of a customer managed key in the spec's Region
	// that encrypts the topic instead of alias/aws/sns: what a topic S3
	// publishes to needs, as its key policy can let s3.amazonaws.com use
	// it (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
	KMSKey string `yaml:"kmsKey,omitempty"`
}

// DynamoDB is a table, with a stream when it is a route source.
type DynamoDB struct {
	Table        string `yaml:"table"`
	PartitionKey string `yaml:"partitionKey"`
	SortKey      string `yaml:"sortKey,omitempty"`
	BillingMode  string `yaml:"billingMode"` // PAY_PER_REQUEST or PROVISIONED
	// ReadCapacityUnits and WriteCapacityUnits are PROVISIONED only, 1-40000.
	ReadCapacityUnits  int `yaml:"readCapacityUnits,omitempty"`
	WriteCapacityUnits int `yaml:"writeCapacityUnits,omitempty"`
	// PointInTimeRecovery keeps continuous backups of the last 35 days
	// (billed per GB-month); false leaves the table's setting as it is.
	PointInTimeRecovery bool   `yaml:"pointInTimeRecovery"`
	StreamViewType      string `yaml:"streamViewType,omitempty"` // NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY
}

// Lambda is a function built from the generated handler.
type Lambda struct {
	Function         string `yaml:"function"`
	Role             string `yaml:"role"`
	MemoryMiB        int    `yaml:"memoryMiB"`                  // 128-10240
	TimeoutSeconds   int    `yaml:"timeoutSeconds"`             // 1-900
	BatchSize        int    `yaml:"batchSize,omitempty"`        // event source mapping
	StartingPosition string `yaml:"startingPosition,omitempty"` // TRIM_HORIZON or LATEST (Kinesis, DynamoDB)
	BatchWindowSecs  int    `yaml:"batchWindowSeconds,omitempty"`
	OnFailureQueue   string `yaml:"onFailureQueue,omitempty"` // ESM on-failure destination (Kinesis, DynamoDB)
}

// Glue is the Data Catalog: a database, the explicit table over the
// route's S3 data when Athena reads it, and a crawler when the route
// crawls an S3 prefix or a DynamoDB table.
type Glue struct {
	Database string `yaml:"database"`        // lowercase letters, digits, _; 1-255
	Table    string `yaml:"table,omitempty"` // explicit table over the S3 prefix (s3-to-athena)
	// Prefix is the S3 prefix the table or the crawler reads: where
	// Firehose writes (data/), or where the producer writes.
	Prefix string `yaml:"prefix,omitempty"`
	// ProjectionStart is the first hour the table's partition projection
	// covers, yyyy/MM/dd/HH; it runs to NOW.
	ProjectionStart string   `yaml:"projectionStart,omitempty"`
	Crawler         *Crawler `yaml:"crawler,omitempty"`
	// Job is the Glue ETL job of a route with glue-to-s3.
	Job *GlueJob `yaml:"job,omitempty"`
}

// Crawler is a Glue crawler over the route's S3 prefix or DynamoDB table.
type Crawler struct {
	Name        string  `yaml:"name"`
	Role        string  `yaml:"role"`
	TablePrefix string  `yaml:"tablePrefix"`        // the tables it creates are named with it
	ScanRate    float64 `yaml:"scanRate,omitempty"` // DynamoDB: share of read capacity, 0.1-1.5
}

// Athena is a workgroup with an enforced, encrypted, expiring results
// location and a per-query scan limit.
type Athena struct {
	WorkGroup         string `yaml:"workGroup"`         // letters, digits, . _ -; 1-128
	ResultsBucket     string `yaml:"resultsBucket"`     // the route's bucket, or a bucket of its own
	ResultsPrefix     string `yaml:"resultsPrefix"`     // e.g. athena-results/
	ResultsExpireDays int    `yaml:"resultsExpireDays"` // lifecycle expiry of query results, 1-3650
	// BytesScannedCutoffMiB cancels a query that would scan more (≥ 10 MiB).
	BytesScannedCutoffMiB int `yaml:"bytesScannedCutoffMiB"`
}

// QuickSight is a data source over the route's Athena workgroup or
// Redshift warehouse and a dataset over the route's table, both shared
// with one QuickSight user or group. The account's QuickSight
// subscription is the user's, not the project's: deploy checks it and
// never creates or removes it.
type QuickSight struct {
	DataSource string `yaml:"dataSource"`        // data source id and name
	DataSet    string `yaml:"dataSet,omitempty"` // dataset id and name; only over s3-to-athena's table or the table the Redshift SQL creates
	// ImportMode is DIRECT_QUERY (every visual queries Athena) or SPICE
	// (QuickSight copies the table into its in-memory store, which bills
	// capacity).
	ImportMode string `yaml:"importMode"`
	// Role is the IAM role QuickSight assumes to query Athena for this data
	// source only (AthenaParameters.RoleArn), instead of its account-wide
	// service role.
	Role      string              `yaml:"role"`
	Principal QuickSightPrincipal `yaml:"principal"`
	// DatabaseUser is the read-only Redshift user QuickSight connects
	// as (the project's SQL creates it and grants it SELECT on the
	// events table): to a provisioned cluster with temporary IAM
	// credentials (RedshiftIAMParameters.DatabaseUser), to a serverless
	// workgroup with the password of Secret; Redshift routes only.
	DatabaseUser string `yaml:"databaseUser,omitempty"`
	// Secret is the Secrets Manager secret deploy creates for
	// DatabaseUser on a serverless workgroup, {"username", "password"}
	// with a password it generates and never records; QuickSight signs
	// in with its ARN (DataSourceCredentials.SecretArn). Redshift routes
	// only; unused on a provisioned cluster.
	Secret string `yaml:"secret,omitempty"`
	// VPCConnection is the ARN of a QuickSight VPC connection, the only
	// way QuickSight reaches a warehouse that is not publicly accessible;
	// wireup creates no VPC connection (Redshift routes).
	VPCConnection string `yaml:"vpcConnection,omitempty"`
}

// QuickSightPrincipal is the QuickSight user or group (one of the two)
// who owns the data source and the dataset.
type QuickSightPrincipal struct {
	User      string `yaml:"user,omitempty"`
	Group     string `yaml:"group,omitempty"`
	Namespace string `yaml:"namespace"` // QuickSight namespace, "default"
}

// SageMaker is the training of a built-in XGBoost model on the route's S3
// events: the execution role deploy creates, and what the generated
// cmd/train starts each run with (deploy starts no training job).
type SageMaker struct {
	// JobPrefix names every training job: PREFIX-YYYYMMDD-HHMMSS, unique
	// in the account and Region, at most 63 characters in all.
	JobPrefix string `yaml:"jobPrefix"`
	Role      string `yaml:"role"` // the execution role SageMaker assumes
	// SourcePrefix is where the route writes its JSON events; TrainPrefix
	// where cmd/train writes them as CSV (the train channel);
	// OutputPrefix where SageMaker writes each job's model artifact.
	SourcePrefix  string `yaml:"sourcePrefix"`
	TrainPrefix   string `yaml:"trainPrefix"`
	OutputPrefix  string `yaml:"outputPrefix"`
	InstanceType  string `yaml:"instanceType"` // e.g. ml.m5.large
	InstanceCount int    `yaml:"instanceCount"`
	VolumeSizeGiB int    `yaml:"volumeSizeGiB"` // the training volume, 1-16384
	// MaxRuntimeSeconds stops a job that runs longer (StoppingCondition);
	// it bounds what one run bills.
	MaxRuntimeSeconds int    `yaml:"maxRuntimeSeconds"`
	XGBoostVersion    string `yaml:"xgboostVersion"` // the built-in algorithm's image tag, e.g. 1.7-1
}

// OpenSearch is one OpenSearch Service domain (one data node, encrypted at
// rest and between nodes, HTTPS only, an IAM-only access policy) and the
// index the route writes and the reader searches.
type OpenSearch struct {
	Domain        string `yaml:"domain"`        // 3-28: a lowercase letter, then a-z, 0-9 and -
	Index         string `yaml:"index"`         // lowercase, 1-80
	EngineVersion string `yaml:"engineVersion"` // OpenSearch_MAJOR.MINOR
	InstanceType  string `yaml:"instanceType"`  // the one data node's, e.g. t3.small.search
	VolumeSizeGiB int    `yaml:"volumeSizeGiB"` // its gp3 volume
	// IndexRotation is how often Firehose starts a new index
	// (NoRotation, OneHour, OneDay, OneWeek, OneMonth); Firehose routes only.
	IndexRotation string `yaml:"indexRotation,omitempty"`
	// BackupBucket and BackupPrefix are where Firehose writes the
	// documents OpenSearch refused; Firehose routes only.
	BackupBucket string `yaml:"backupBucket,omitempty"`
	BackupPrefix string `yaml:"backupPrefix,omitempty"`
}

// Redshift is the warehouse: a Redshift Serverless namespace and workgroup
// (the default), or a single-node provisioned cluster (mode provisioned),
// with the IAM role COPY, UNLOAD and Spectrum use, and what the generated
// SQL names. The fields of the mode not chosen are kept, so that switching
// mode is one edit, and ignored.
type Redshift struct {
	Mode string `yaml:"mode"` // serverless or provisioned
	// Namespace and Workgroup are the serverless names (3-64 of a-z, 0-9, -).
	Namespace string `yaml:"namespace"`
	Workgroup string `yaml:"workgroup"`
	// BaseCapacity is the workgroup's base RPUs: 4, 8 to 512 in steps of 8, or up to 1024 in steps of 32.
	BaseCapacity int `yaml:"baseCapacity"`
	// UsageLimitRPUHours is the daily compute the workgroup may use before
	// it is deactivated (the usage limit's breach action).
	UsageLimitRPUHours int `yaml:"usageLimitRPUHours"`
	// Cluster and NodeType are the provisioned cluster's identifier and
	// node type (one node).
	Cluster   string `yaml:"cluster"`
	NodeType  string `yaml:"nodeType"`
	Database  string `yaml:"database"`  // the database the SQL runs in
	AdminUser string `yaml:"adminUser"` // its password is managed by Secrets Manager
	Role      string `yaml:"role"`      // the IAM role of COPY, UNLOAD and Spectrum
	Table     string `yaml:"table"`     // the events table the SQL creates
	// CopyPrefix is where COPY loads from (s3-to-redshift), UnloadPrefix
	// where UNLOAD writes (redshift-to-s3), both in the route's bucket.
	CopyPrefix   string `yaml:"copyPrefix,omitempty"`
	UnloadPrefix string `yaml:"unloadPrefix,omitempty"`
	// ExternalSchema is the Spectrum schema over the Glue database
	// (s3-to-redshift-spectrum, glue-to-redshift).
	ExternalSchema string `yaml:"externalSchema,omitempty"`
	// The Firehose route (firehose-to-redshift) only: the database user
	// the delivery stream logs in as, the Secrets Manager secret deploy
	// creates with its generated password, the bucket Firehose stages
	// objects in before its COPY (StagingPrefix) and backs every record
	// up to (BackupPrefix), and how long Firehose retries a failed COPY.
	FirehoseUser   string `yaml:"firehoseUser,omitempty"`
	FirehoseSecret string `yaml:"firehoseSecret,omitempty"`
	StagingBucket  string `yaml:"stagingBucket,omitempty"`
	StagingPrefix  string `yaml:"stagingPrefix,omitempty"`
	BackupPrefix   string `yaml:"backupPrefix,omitempty"`
	RetrySeconds   int    `yaml:"retrySeconds,omitempty"`
}

// Firehose reports whether a delivery stream loads the warehouse: only
// then is it publicly accessible, for Firehose reaches it over its public
// endpoint.
func (r *Redshift) Firehose() bool { return r != nil && r.FirehoseUser != "" }

// Redshift modes.
const (
	RedshiftServerless  = "serverless"
	RedshiftProvisioned = "provisioned"
)

// Provisioned reports whether the warehouse is a provisioned cluster.
func (r *Redshift) Provisioned() bool { return r != nil && r.Mode == RedshiftProvisioned }

// CreatesTable reports whether the project's SQL creates the events table:
// it does when the route loads it (COPY, or Firehose's COPY) or unloads
// it.
func (r *Redshift) CreatesTable() bool {
	return r != nil && (r.CopyPrefix != "" || r.UnloadPrefix != "" || r.Firehose())
}

// Services returns the service ids along the route, source first.
func (s *Spec) Services(c *catalog.Catalog) []string {
	var out []string
	for i, id := range s.Route {
		in := c.Integration(id)
		if in == nil {
			continue
		}
		if i == 0 {
			out = append(out, in.From)
		}
		out = append(out, in.To)
	}
	return out
}

// Source is the first service of the route.
func (s *Spec) Source(c *catalog.Catalog) string {
	if sv := s.Services(c); len(sv) > 0 {
		return sv[0]
	}
	return ""
}

// Destination is the last service of the route.
func (s *Spec) Destination(c *catalog.Catalog) string {
	if sv := s.Services(c); len(sv) > 0 {
		return sv[len(sv)-1]
	}
	return ""
}

// Feeder is the service whose hop of the route ends at service id (the
// one that delivers to it), or "" when none does.
func (s *Spec) Feeder(c *catalog.Catalog, id string) string {
	for _, h := range s.Route {
		if in := c.Integration(h); in != nil && in.To == id {
			return in.From
		}
	}
	return ""
}

// HasHop reports whether the route moves data from service from straight
// to service to. Rules that hold for one kind of hop say so with the two
// services, not with an integration id: the catalog names the hop.
func (s *Spec) HasHop(c *catalog.Catalog, from, to string) bool {
	for _, h := range s.Route {
		if in := c.Integration(h); in != nil && in.From == from && in.To == to {
			return true
		}
	}
	return false
}

// HasVia reports whether the route moves data from service from to
// service to by mechanism: for a pair of services the catalog joins in
// more than one way (S3 → Redshift by COPY or by Spectrum).
func (s *Spec) HasVia(c *catalog.Catalog, from, to, mechanism string) bool {
	for _, h := range s.Route {
		if in := c.Integration(h); in != nil && in.From == from && in.To == to && in.Mechanism == mechanism {
			return true
		}
	}
	return false
}

// HopName is the catalog id of the hop from service from to service to
// that wireup generates, for messages that tell the user which hop to add
// or which one a setting needs.
func HopName(c *catalog.Catalog, from, to string) string {
	for _, in := range c.From(from) {
		if in.To == to && in.Generate {
			return in.ID
		}
	}
	return from + " → " + to
}

// ViaName is the catalog id of the hop from service from to service to by
// mechanism, for messages.
func ViaName(c *catalog.Catalog, from, to, mechanism string) string {
	for _, in := range c.From(from) {
		if in.To == to && in.Mechanism == mechanism {
			return in.ID
		}
	}
	return from + " → " + to + " (" + mechanism + ")"
}

// Has reports whether the route contains the integration id.
func (s *Spec) Has(id string) bool {
	for _, h := range s.Route {
		if h == id {
			return true
		}
	}
	return false
}

// Marshal renders the spec as YAML, deterministically.
func (s *Spec) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# wireup project spec: `wireup new --spec wireup.yaml` reproduces this project.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	return buf.Bytes(), nil
}

// Parse decodes a spec. Unknown fields are errors, so a typo never silently
// falls back to a default.
func Parse(data []byte) (*Spec, error) {
	var s Spec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("parse spec: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse spec: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := wholeNumbers(&doc); err != nil {
		return nil, err
	}
	return &s, nil
}

// MaxFileSize bounds what ReadFile reads: a wireup.yaml is a few KiB, and
// a path to a device or a pipe must not exhaust memory.
const MaxFileSize = 1 << 20

// FileError is a spec file that cannot be read or parsed. It is bad input:
// the command exits 2 and changes nothing.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// ReadFile reads and parses a spec file of at most MaxFileSize bytes.
func ReadFile(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: fmt.Errorf("read spec: %w", err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &FileError{Path: path, Err: fmt.Errorf("is a directory, not a spec: pass the path of a %s", FileName)}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &FileError{Path: path, Err: fmt.Errorf("read spec: %w", err)}
	}
	if len(data) > MaxFileSize {
		return nil, &FileError{Path: path, Err: fmt.Errorf("is over %d KiB, not a spec: a %s is a few KiB; pass the project's own", MaxFileSize>>10, FileName)}
	}
	s, err := Parse(data)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return s, nil
}
