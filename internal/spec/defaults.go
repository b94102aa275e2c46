package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/routes"
)

// NotGeneratableError names the hops of a route wireup cannot generate yet.
type NotGeneratableError struct{ IDs []string }

// Error says which hops cannot be generated and where to look instead.
func (e *NotGeneratableError) Error() string {
	return fmt.Sprintf("generation is not available yet for %s; "+
		"`wireup catalog --json` shows how each integration is handled, and `wireup routes` may offer another way",
		strings.Join(e.IDs, ", "))
}

// New returns a spec for the route with secure defaults derived from the
// project name. The name must pass ProjectName and the region Region (an
// Errors names each that does not), and the route must be connected and
// made of generatable hops; then the spec New returns passes Validate.
func New(c *catalog.Catalog, name, region string, route []string) (*Spec, error) {
	var errs Errors
	if err := ProjectName(name); err != nil {
		errs = append(errs, &FieldError{Field: "name", Value: name, Rule: err.Error()})
	}
	if err := Region(region); err != nil {
		errs = append(errs, &FieldError{Field: "region", Value: region, Rule: err.Error()})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	s := &Spec{Version: Version, Name: name, Region: region, Route: CompleteRoute(c, route)}
	if err := checkRoute(c, s.Route); err != nil {
		return nil, err
	}
	s.applyDefaults(c)
	return s, nil
}

// checkRoute checks that every hop exists, is generatable and connects, and
// that no service other than the user's app appears twice (a spec has one
// section per service).
func checkRoute(c *catalog.Catalog, route []string) error {
	if len(route) == 0 {
		return &FieldError{Field: "route", Value: "[]", Rule: "needs at least one integration id"}
	}
	seen := map[string]int{}
	for i, id := range route {
		in := c.Integration(id)
		if in == nil {
			return &FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id, Rule: "is not an integration id in the catalog (see `wireup catalog`)"}
		}
		if i > 0 && c.Integration(route[i-1]).To != in.From {
			return &FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id,
				Rule: fmt.Sprintf("does not start where %s ends (%s)", route[i-1], c.Integration(route[i-1]).To)}
		}
		if i == 0 {
			seen[in.From] = i
		}
		if j, ok := seen[in.To]; ok && in.To != "app" {
			return &FieldError{Field: fmt.Sprintf("route[%d]", i), Value: id,
				Rule: fmt.Sprintf("visits %s a second time (route[%d] already does); a project has one resource per service", in.To, j)}
		}
		seen[in.To] = i
	}
	if missing := c.Ungeneratable(route); len(missing) > 0 {
		return &NotGeneratableError{IDs: missing}
	}
	if first := c.Integration(route[0]); !first.StartsRoute() {
		rule := fmt.Sprintf("cannot start a route: %s holds no data of its own, it works on what an earlier hop wrote; start where the data enters",
			c.Service(first.From).Name)
		if r := startingRoute(c, route); r != nil {
			rule += ", such as `wireup new --route " + strings.Join(r, ",") + "`"
		} else {
			rule += " (`wireup routes --to " + c.Integration(route[len(route)-1]).To + "` lists the routes there)"
		}
		return &FieldError{Field: "route[0]", Value: first.ID, Rule: rule}
	}
	if last := c.Integration(route[len(route)-1]); last.To == "firehose" {
		return &FieldError{Field: fmt.Sprintf("route[%d]", len(route)-1), Value: last.ID,
			Rule: "ends at a Firehose delivery stream, which needs a destination: add " + hopName(c, "firehose", "s3") + " to the route"}
	}
	return nil
}

// startingRoute returns the best-ranked generatable route from the
// application that ends with route, or nil.
func startingRoute(c *catalog.Catalog, route []string) []string {
	rs, err := routes.Find(c, "app", c.Integration(route[len(route)-1]).To, routes.Options{})
	if err != nil {
		return nil
	}
	for _, r := range rs {
		ids := r.IntegrationIDs()
		if len(ids) > len(route) && slices.Equal(ids[len(ids)-len(route):], route) && len(c.Ungeneratable(ids)) == 0 && r.Hops[0].StartsRoute() {
			return ids
		}
	}
	return nil
}

// CompleteRoute returns route with the hops AWS requires after its end: a
// Firehose delivery stream cannot exist without a destination, so a route
// that ends at Firehose continues to S3
// (https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html).
// Callers compare the lengths to tell the user what was added.
func CompleteRoute(c *catalog.Catalog, route []string) []string {
	out := append([]string(nil), route...)
	if len(out) == 0 {
		return out
	}
	if last := c.Integration(out[len(out)-1]); last != nil && last.To == "firehose" {
		if next := hopName(c, "firehose", "s3"); c.Generatable(next) {
			out = append(out, next)
		}
	}
	return out
}

// applyDefaults fills every section the route needs.
func (s *Spec) applyDefaults(c *catalog.Catalog) {
	n := s.Name
	on := map[string]bool{}
	for _, id := range s.Services(c) {
		on[id] = true
	}
	if s.Tags == nil {
		s.Tags = map[string]string{}
	}
	if on["http-endpoint"] {
		s.HTTPEndpoint = defaultHTTPEndpoint(n)
		// Records Firehose cannot deliver are backed up to the bucket.
		on["s3"] = true
	}
	if on["splunk"] {
		s.Splunk = defaultSplunk(n)
		// Every record sent to Splunk is written to the bucket too.
		on["s3"] = true
	}
	if on["cloudwatch-logs"] {
		s.Logs = defaultLogs(n, c.Integration(s.Route[0]).To)
	}
	if on["iot"] {
		topic := n + "/events"
		s.IoT = &IoT{
			Rule:  strings.ReplaceAll(n, "-", "_") + "_rule",
			Topic: topic,
			SQL:   fmt.Sprintf("SELECT * FROM '%s'", topic),
			Role:  n + "-iot-rule",
		}
	}
	if on["eventbridge"] {
		// A few retries within an hour, then the dead-letter queue: an event
		// the target keeps refusing shows up there instead of being retried
		// for a day and dropped (EventBridge's default)
		// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html).
		s.EventBridge = &EventBridge{EventBus: "default", Rule: n + "-rule", Source: "wireup." + n, DetailType: "sample event",
			DeadLetterQueue: n + "-events-dlq", MaxRetryAttempts: 3, MaxEventAgeSeconds: 3600}
		s.EventBridge.Pattern = EventPattern(s.EventBridge.Source, s.EventBridge.DetailType)
		if s.HasHop(c, "eventbridge", "kinesis") || s.HasHop(c, "eventbridge", "firehose") {
			s.EventBridge.Role = n + "-events"
		}
	}
	if on["kinesis"] {
		s.Kinesis = &Kinesis{Stream: n + "-stream", Mode: "ON_DEMAND", RetentionHours: 24, Encryption: true}
	}
	if on["firehose"] {
		s.Firehose = &Firehose{
			DeliveryStream: n + "-delivery", Role: n + "-firehose",
			BufferSizeMiB: 5, BufferIntervalSeconds: 60,
			Prefix:                "data/!{timestamp:yyyy/MM/dd/HH}/",
			ErrorPrefix:           "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/",
			Compression:           "GZIP",
			ErrorLogRetentionDays: 14,
		}
		if s.Lake(c) || s.HasHop(c, "s3", "sagemaker") {
			// A static prefix: Firehose then appends YYYY/MM/DD/HH/ itself,
			// the layout the table's partition projection reads
			// (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html),
			// and the layout emulators write too (they do not evaluate
			// !{...} expressions and would write one literally).
			s.Firehose.Prefix, s.Firehose.ErrorPrefix = LakePrefix, "errors/"
		}
		if on["splunk"] {
			// The bucket holds the copy of what goes to Splunk, as it was
			// sent: uncompressed (the Splunk destination's S3 backup).
			s.Firehose.Compression = "UNCOMPRESSED"
		}
	}
	if on["s3"] {
		s.S3 = &S3{Bucket: n + "-" + s.Region + "-data", ForceDestroy: true}
		// A training job reads one literal prefix: what an IoT rule
		// writes goes under one too (Firehose has its own, below). A
		// producer writing into the bucket Redshift loads from writes
		// under a prefix of its own, which COPY or Spectrum reads.
		if s.HasHop(c, "app", "s3") || s.isSource(c, "s3") || (s.HasHop(c, "s3", "sagemaker") || s.HasHop(c, "s3", "emr") || s.HasHop(c, "s3", "redshift")) && !s.HasHop(c, "firehose", "s3") {
			s.S3.ObjectPrefix = "incoming/"
		}
		if s.isSource(c, "s3") {
			s.S3.Events = []string{"s3:ObjectCreated:*"}
			s.S3.FilterPrefix = "incoming/"
			if s.HasHop(c, "firehose", "s3") {
				// Firehose writes under its own prefix, not where a
				// producer would; notify on what Firehose delivers.
				s.S3.ObjectPrefix = ""
				s.S3.FilterPrefix = staticPrefix(s.Firehose.Prefix)
			}
		}
	}
	if on["sqs"] {
		s.SQS = &SQS{
			Queue: n + "-queue", VisibilityTimeoutSeconds: 60, RetentionSeconds: 345600,
			DeadLetterQueue: n + "-dlq", MaxReceiveCount: 5, Encryption: true,
		}
		if s.HasHop(c, "sns", "sqs") {
			s.SQS.RawDelivery = true
		}
	}
	if on["sns"] {
		// Encrypted at rest with the AWS managed key unless S3 publishes to
		// the topic: the key policy of alias/aws/sns lets only principals of
		// the account use it through SNS, not the S3 service principal
		// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
		s.SNS = &SNS{Topic: n + "-topic", Encryption: !s.HasHop(c, "s3", "sns")}
	}
	if on["dynamodb"] {
		s.DynamoDB = &DynamoDB{Table: n + "-table", PartitionKey: "id", BillingMode: "PAY_PER_REQUEST", PointInTimeRecovery: true}
		if s.isSource(c, "dynamodb") {
			s.DynamoDB.StreamViewType = "NEW_AND_OLD_IMAGES"
		}
	}
	if on["glue"] || s.HasHop(c, "s3", "athena") || s.HasVia(c, "s3", "redshift", "redshift-spectrum") {
		s.Glue = &Glue{Database: strings.ReplaceAll(n, "-", "_") + "_db"}
		if s.Lake(c) {
			s.Glue.Prefix = LakePrefix
			if s.S3.ObjectPrefix != "" {
				s.Glue.Prefix = s.S3.ObjectPrefix
			}
		}
		if s.HasVia(c, "s3", "redshift", "redshift-spectrum") {
			// Spectrum reads partitions from the catalog and has no
			// partition projection: its table is not partitioned, and
			// Spectrum reads the folders under its location
			// (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_TABLE.html).
			s.Glue.Table = "events"
		}
		if s.HasHop(c, "s3", "athena") {
			s.Glue.Table = "events"
			if s.HasHop(c, "firehose", "s3") {
				// Firehose's date path is projected; objects a producer
				// writes under one prefix are not partitioned.
				s.Glue.ProjectionStart = "2026/01/01/00"
			}
		}
		if s.HasHop(c, "s3", "glue") || s.HasHop(c, "dynamodb", "glue") {
			// The AWSGlueServiceRole prefix is what the Glue console offers
			// when a role is passed to it
			// (https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html).
			s.Glue.Crawler = &Crawler{Name: n + "-crawler", Role: "AWSGlueServiceRole-" + n, TablePrefix: "crawled_"}
			if s.HasHop(c, "dynamodb", "glue") {
				s.Glue.Crawler.ScanRate = 0.5
			}
		}
	}
	s.applyGlueJobDefaults(c)
	if on["athena"] {
		s.Athena = &Athena{WorkGroup: n, ResultsPrefix: "athena-results/", ResultsExpireDays: 7, BytesScannedCutoffMiB: 1024}
		if s.S3 != nil {
			s.Athena.ResultsBucket = s.S3.Bucket
		} else {
			s.Athena.ResultsBucket = n + "-" + s.Region + "-athena"
		}
	}
	if on["quicksight"] {
		// DIRECT_QUERY: SPICE bills capacity for a copy of the table. The
		// principal is the user's own QuickSight user or group, which
		// wireup cannot guess: deploy refuses to start until it is set.
		s.QuickSight = &QuickSight{DataSource: n + "-athena", ImportMode: "DIRECT_QUERY", Role: n + "-quicksight",
			Principal: QuickSightPrincipal{Namespace: "default"}}
		if s.Glue != nil && s.Glue.Table != "" {
			// A dataset over the route's explicit table; a crawler's
			// tables exist only after a crawl, so on those routes the
			// dataset is made in the console once they do.
			s.QuickSight.DataSet = n + "-events"
		}
	}
	if on["sagemaker"] {
		s.SageMaker = defaultSageMaker(s)
	}
	if on["emr"] {
		s.EMR = s.defaultEMR(c)
	}
	if on["opensearch"] {
		s.OpenSearch = defaultOpenSearch(n, s.Region, s.HasHop(c, "firehose", "opensearch"))
	}
	if on["redshift"] {
		s.Redshift = defaultRedshift(c, s)
	}
	if s.QuickSight != nil && s.HasHop(c, "redshift", "quicksight") {
		// QuickSight reads the warehouse as a read-only user of its own:
		// a dataset over the table the project's SQL creates, when the
		// route loads or unloads it; on a serverless workgroup the
		// user's password is in a secret deploy generates.
		q := s.QuickSight
		q.DataSource, q.DataSet, q.DatabaseUser, q.Secret = n+"-redshift", "", "quicksight", n+"-redshift-quicksight"
		if s.Redshift.CreatesTable() {
			q.DataSet = n + "-events"
		}
	}
	if on["lambda"] {
		s.Lambda = &Lambda{Function: n + "-handler", Role: n + "-lambda", MemoryMiB: 256, TimeoutSeconds: 30}
		// An event source mapping polls a stream from its start, in
		// batches of 100, or a queue in batches of 10.
		switch s.Feeder(c, "lambda") {
		case "kinesis", "dynamodb":
			s.Lambda.BatchSize, s.Lambda.StartingPosition = 100, "TRIM_HORIZON"
			// A batch that keeps failing is retried a few times and then
			// recorded in a queue of its own, instead of blocking its
			// shard until the records expire: AWS's on-failure
			// destination for stream sources
			// (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html).
			s.Lambda.OnFailureQueue = n + "-failures"
		case "sqs":
			s.Lambda.BatchSize = 10
			// AWS: "set the source queue's visibility timeout to at
			// least six times the timeout that you configure on your
			// function", so a retried batch is not received again
			// while the function may still be processing it
			// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
			if s.SQS != nil {
				s.SQS.VisibilityTimeoutSeconds = 6 * s.Lambda.TimeoutSeconds
			}
		}
	}
}

// LakePrefix is the Firehose prefix of a route that continues into Glue or
// Athena, and the prefix the table and the crawler read.
const LakePrefix = "data/"

// Lake reports whether the route's S3 data continues into the Data
// Catalog: a table or a crawler reads it.
func (s *Spec) Lake(c *catalog.Catalog) bool {
	return s.HasHop(c, "s3", "athena") || s.HasHop(c, "s3", "glue") || s.GlueJobs(c) || s.HasHop(c, "s3", "redshift")
}

// Copies reports whether the warehouse loads the route's S3 objects with
// COPY.
func (s *Spec) Copies(c *catalog.Catalog) bool { return s.HasVia(c, "s3", "redshift", "redshift-copy") }

// Spectrum reports whether the warehouse queries the route's S3 objects in
// place, through a Data Catalog table.
func (s *Spec) Spectrum(c *catalog.Catalog) bool {
	return s.HasVia(c, "s3", "redshift", "redshift-spectrum")
}

// defaultRedshift is a Serverless warehouse at the smallest base capacity
// with a daily usage limit, and the names a provisioned cluster would take.
func defaultRedshift(c *catalog.Catalog, s *Spec) *Redshift {
	n := s.Name
	r := &Redshift{Mode: RedshiftServerless, Namespace: n + "-ns", Workgroup: n + "-wg", BaseCapacity: 4, UsageLimitRPUHours: 4,
		Cluster: n + "-cluster", NodeType: "dc2.large", Database: "dev", AdminUser: "admin", Role: n + "-redshift", Table: "events"}
	switch {
	case s.Copies(c) && s.S3 != nil && s.HasHop(c, "firehose", "s3"):
		r.CopyPrefix = LakePrefix
	case s.Copies(c) && s.S3 != nil:
		r.CopyPrefix = s.S3.ObjectPrefix
	}
	if s.HasHop(c, "redshift", "s3") {
		r.UnloadPrefix = "unload/"
	}
	if s.Spectrum(c) || s.HasHop(c, "glue", "redshift") {
		r.ExternalSchema = "lake"
	}
	if s.HasHop(c, "firehose", "redshift") {
		// Firehose logs in with a user of its own (INSERT on the table
		// only), its password generated by deploy into a secret, and
		// stages gzipped objects for its COPY in a bucket of the route's
		// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_RedshiftDestinationConfiguration.html);
		// 3600 s is AWS's default retry duration.
		r.FirehoseUser, r.FirehoseSecret = "firehose", n+"-redshift-firehose"
		r.StagingBucket = n + "-" + s.Region + "-rs-staging"
		r.StagingPrefix, r.BackupPrefix, r.RetrySeconds = "staging/", "backup/", 3600
	}
	return r
}

// isSource reports whether service id feeds the next hop (it has an outgoing
// hop on the route) with events: a bucket notifies, a table streams. A hop
// into the Data Catalog, Athena or a SageMaker training job reads the data
// where it lies instead.
func (s *Spec) isSource(c *catalog.Catalog, id string) bool {
	for _, h := range s.Route {
		if in := c.Integration(h); in != nil && in.From == id && !in.Metadata && in.To != "athena" && in.To != "sagemaker" && in.To != "emr" && in.To != "redshift" {
			return true
		}
	}
	return false
}

// EnableTransform adds a Firehose Lambda transform with defaults.
func (s *Spec) EnableTransform() {
	if s.Firehose == nil || s.Firehose.Transform != nil {
		return
	}
	s.Firehose.Transform = &Transform{
		Function: s.Name + "-transform", Role: s.Name + "-transform",
		MemoryMiB: 256, TimeoutSeconds: 60, BufferSizeMiB: 1,
	}
}

// EventPattern is the event pattern that matches exactly the events of one
// source and detail-type
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html).
func EventPattern(source, detailType string) string {
	b, _ := json.Marshal(map[string][]string{"source": {source}, "detail-type": {detailType}}) // strings always encode
	return string(b)
}

// defaultSageMaker is a small, bounded training: one ml.m5.large (the
// instance AWS's XGBoost examples use), a 5 GiB volume and 15 minutes at
// most per job, on XGBoost 1.7-1
// (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html).
func defaultSageMaker(s *Spec) *SageMaker {
	sm := &SageMaker{JobPrefix: s.Name + "-train", Role: s.Name + "-sagemaker", SourcePrefix: LakePrefix,
		TrainPrefix: "train/", OutputPrefix: "model/", InstanceType: "ml.m5.large", InstanceCount: 1,
		VolumeSizeGiB: 5, MaxRuntimeSeconds: 900, XGBoostVersion: "1.7-1"}
	if s.S3 != nil && s.S3.ObjectPrefix != "" {
		sm.SourcePrefix = s.S3.ObjectPrefix
	}
	return sm
}
