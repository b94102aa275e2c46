package cost

import "github.com/wireup/wireup/internal/plan"

// Charge says when a price is billed.
type Charge string

// The charges, from the one that bills an idle project to none at all.
const (
	// Idle bills every hour (or month) the resource exists, used or not:
	// the project's floor until `wireup destroy`.
	Idle Charge = "idle"
	// PerRun bills each run of a crawl, query or job, with a minimum per
	// run: nothing while idle, but a run costs at least MinUnits.
	PerRun Charge = "per-run"
	// Usage bills only what the project sends, stores or requests, with no
	// floor and no minimum a run could hit.
	Usage Charge = "usage"
	// PerUser bills the account for each user of a subscription the
	// resource needs (QuickSight), every month, whether or not the project
	// is deployed: destroy does not end it, so it is no idle floor, but a
	// deploy asks to accept it.
	PerUser Charge = "per-user"
	// Free is a resource with no charge of its own (a role, a policy, a
	// subscription): what flows through it is billed by the service it
	// wires.
	Free Charge = "free"
)

// HoursPerMonth is the month the AWS Pricing Calculator uses.
const HoursPerMonth = 730

// PriceRegion is the Region every price in the table is for.
const PriceRegion = "us-east-1"

// Price is one row of the table: what one resource kind bills for one item.
type Price struct {
	Kind plan.Kind `json:"kind"`
	// When holds settings the resource must have for the row to apply
	// (kinesis.stream mode=PROVISIONED); nil applies to every resource of
	// the kind.
	When map[string]string `json:"when,omitempty"`
	// Item is what is billed, Unit what USD is per.
	Item   string  `json:"item"`
	USD    float64 `json:"usd"`
	Unit   string  `json:"unit"`
	Charge Charge  `json:"charge"`
	// Hourly says an Idle row's USD is per hour (times HoursPerMonth for a
	// month); otherwise an Idle row is per month.
	Hourly bool `json:"hourly,omitempty"`
	// Count names the setting that multiplies the price (shards, base
	// RPUs, instances); "" is one unit. CountDefault is AWS's default when
	// the resource leaves that setting out; 0 means the count is unknown.
	Count        string  `json:"count,omitempty"`
	CountDefault float64 `json:"countDefault,omitempty"`
	// MinUnits is, for a PerRun row, the units one run bills at least
	// (a 10-minute crawl minimum at one DPU is 1/6 DPU-hour); Minimum says
	// it in words.
	MinUnits float64 `json:"minUnits,omitempty"`
	Minimum  string  `json:"minimum,omitempty"`
	// Source is the AWS pricing page, AsOf the date the figure was taken.
	Source string `json:"source"`
	AsOf   string `json:"asOf"`
	// Confirmed says the figure was read on Source; otherwise it comes
	// from a secondary source (Note) and must be checked there.
	Confirmed bool   `json:"confirmed"`
	Note      string `json:"note,omitempty"`
}

// Kind names of the analytics services, used here before their planners
// exist; each package defines its own constant with the same value.
const (
	kindLogGroup           plan.Kind = "logs.log-group"
	kindSubscriptionFilter plan.Kind = "logs.subscription-filter"
	kindFunctionURL        plan.Kind = "lambda.function-url"
	kindSecret             plan.Kind = "secretsmanager.secret"
	kindGlueDatabase       plan.Kind = "glue.database"
	kindGlueTable          plan.Kind = "glue.table"
	kindGlueCrawler        plan.Kind = "glue.crawler"
	kindGlueJob            plan.Kind = "glue.job"
	kindAthenaWorkgroup    plan.Kind = "athena.workgroup"
	kindAthenaNamedQuery   plan.Kind = "athena.named-query"
	kindRSNamespace        plan.Kind = "redshift-serverless.namespace"
	kindRSWorkgroup        plan.Kind = "redshift-serverless.workgroup"
	kindRSUsageLimit       plan.Kind = "redshift-serverless.usage-limit"
	kindRedshiftCluster    plan.Kind = "redshift.cluster"
	kindRedshiftSQL        plan.Kind = "redshift.sql"
	kindOpenSearchDomain   plan.Kind = "opensearch.domain"
	kindEMRApplication     plan.Kind = "emr-serverless.application"
	kindTrainingJob        plan.Kind = "sagemaker.training-job"
	kindQSDataSource       plan.Kind = "quicksight.data-source"
	kindQSDataSet          plan.Kind = "quicksight.data-set"
)

// The AWS pricing pages the rows cite.
const (
	urlKinesis    = "https://aws.amazon.com/kinesis/data-streams/pricing/"
	urlFirehose   = "https://aws.amazon.com/firehose/pricing/"
	urlDynamoDB   = "https://aws.amazon.com/dynamodb/pricing/"
	urlSQS        = "https://aws.amazon.com/sqs/pricing/"
	urlSNS        = "https://aws.amazon.com/sns/pricing/"
	urlLambda     = "https://aws.amazon.com/lambda/pricing/"
	urlS3         = "https://aws.amazon.com/s3/pricing/"
	urlIoT        = "https://aws.amazon.com/iot-core/pricing/"
	urlIAM        = "https://aws.amazon.com/iam/faqs/"
	urlCloudWatch = "https://aws.amazon.com/cloudwatch/pricing/"
	urlEvents     = "https://aws.amazon.com/eventbridge/pricing/"
	urlSecrets    = "https://aws.amazon.com/secrets-manager/pricing/"
	urlGlue       = "https://aws.amazon.com/glue/pricing/"
	urlAthena     = "https://aws.amazon.com/athena/pricing/"
	urlRedshift   = "https://aws.amazon.com/redshift/pricing/"
	urlOpenSearch = "https://aws.amazon.com/opensearch-service/pricing/"
	urlEMR        = "https://aws.amazon.com/emr/pricing/"
	urlSageMaker  = "https://aws.amazon.com/sagemaker/pricing/"
	urlQuickSight = "https://aws.amazon.com/quicksight/pricing/"
)

// asOf is the date the table was compiled from its sources.
const asOf = "2026-12-02"

// Table is the price list: us-east-1 list prices, one row per resource
// kind and billed item. A kind a planner produces needs at least one row
// (a Free one for a resource with no charge of its own); a kind without
// one is an unknown price, which the deploy gate treats as a cost.
func Table() []Price {
	return []Price{
		// Kinesis Data Streams: on-demand bills every stream-hour even with
		// no traffic; provisioned bills every shard-hour.
		{Kind: plan.KindStream, When: map[string]string{"mode": "ON_DEMAND"}, Item: "on-demand stream", USD: 0.04, Unit: "stream-hour", Charge: Idle, Hourly: true,
			Source: urlKinesis, AsOf: asOf, Note: "figure from trek10.com's us-east-1 comparison (2023); check the AWS page"},
		{Kind: plan.KindStream, When: map[string]string{"mode": "ON_DEMAND"}, Item: "data written", USD: 0.08, Unit: "GB", Charge: Usage,
			Source: urlKinesis, AsOf: asOf, Note: "records rounded up to 1 KB; reads $0.04 per GB; figure from trek10.com (2023)"},
		{Kind: plan.KindStream, When: map[string]string{"mode": "PROVISIONED"}, Item: "shard", USD: 0.015, Unit: "shard-hour", Charge: Idle, Hourly: true, Count: "shards",
			Source: urlKinesis, AsOf: asOf, Note: "figure from trek10.com's us-east-1 comparison (2023); check the AWS page"},
		{Kind: plan.KindStream, When: map[string]string{"mode": "PROVISIONED"}, Item: "PUT payload units (25 KB)", USD: 0.014, Unit: "million units", Charge: Usage,
			Source: urlKinesis, AsOf: asOf, Note: "figure from trek10.com (2023)"},

		usage(plan.KindDeliveryStream, "data ingested", 0.029, "GB", urlFirehose, "first 500 TB a month, each record rounded up to 5 KB; no charge while idle"),

		// DynamoDB: on-demand bills requests; provisioned bills the
		// capacity every hour. Storage either way (first 25 GB free).
		{Kind: plan.KindTable, When: map[string]string{"billingMode": "PAY_PER_REQUEST"}, Item: "write request units", USD: 0.625, Unit: "million", Charge: Usage,
			Source: urlDynamoDB, AsOf: asOf, Note: "reads $0.125 per million read request units; no charge while idle"},
		{Kind: plan.KindTable, When: map[string]string{"billingMode": "PROVISIONED"}, Item: "write capacity", USD: 0.00065, Unit: "WCU-hour", Charge: Idle, Hourly: true, Count: "writeCapacityUnits",
			Source: urlDynamoDB, AsOf: asOf, Note: "the free tier covers 25 WCU and 25 RCU"},
		{Kind: plan.KindTable, When: map[string]string{"billingMode": "PROVISIONED"}, Item: "read capacity", USD: 0.00013, Unit: "RCU-hour", Charge: Idle, Hourly: true, Count: "readCapacityUnits",
			Source: urlDynamoDB, AsOf: asOf, Note: "the free tier covers 25 WCU and 25 RCU"},
		usage(plan.KindTable, "storage", 0.25, "GB-month", urlDynamoDB, "first 25 GB a month free"),

		usage(plan.KindQueue, "requests", 0.40, "million", urlSQS, "standard queues; first million requests a month free; no charge while idle"),
		free(plan.KindQueuePolicy, "queue policy", urlSQS, ""),

		usage(plan.KindTopic, "publishes", 0.50, "million", urlSNS, "first million a month free; deliveries to SQS and Lambda are free; no charge while idle"),
		free(plan.KindTopicPolicy, "topic policy", urlSNS, ""),
		free(plan.KindSubscription, "subscription", urlSNS, "deliveries are billed on the topic"),

		usage(plan.KindFunction, "requests", 0.20, "million", urlLambda, "plus $0.0000166667 per GB-second of duration (x86); free tier 1 million requests a month; no charge while idle"),
		free(plan.KindPermission, "permission", urlLambda, ""),
		free(plan.KindEventSourceMapping, "event source mapping", urlLambda, "the function's invocations are billed on the function"),
		free(kindFunctionURL, "function URL", urlLambda, "requests are billed as the function's invocations"),

		usage(plan.KindBucket, "S3 Standard storage", 0.023, "GB-month", urlS3, "first 50 TB a month; PUT requests $0.005 per 1,000; an empty bucket costs nothing"),
		free(plan.KindBucketNotification, "event notification", urlS3, ""),

		usage(plan.KindTopicRule, "rules triggered", 0.15, "million", urlIoT, "plus $0.15 per million actions; messages $1.00 per million (5 KB each); no charge while idle"),

		free(plan.KindRole, "IAM role", urlIAM, ""),

		usage(kindLogGroup, "logs ingested", 0.50, "GB", urlCloudWatch, "standard class; storage $0.03 per GB-month"),
		free(kindSubscriptionFilter, "subscription filter", urlCloudWatch, "what it delivers is billed by the destination"),
		usage(plan.KindRule, "custom events published", 1.00, "million", urlEvents, "events from AWS services to the default bus are free; no charge while idle"),
		{Kind: kindSecret, Item: "secret", USD: 0.40, Unit: "secret-month", Charge: Idle,
			Source: urlSecrets, AsOf: asOf, Note: "prorated by the hour; plus $0.05 per 10,000 API calls"},

		// The data lake: the catalog is free up to a million objects;
		// crawls and queries bill per run, with a minimum.
		usage(kindGlueDatabase, "Data Catalog objects", 1.00, "100,000 objects-month", urlGlue, "the first million objects stored are free"),
		usage(kindGlueTable, "Data Catalog objects", 1.00, "100,000 objects-month", urlGlue, "the first million objects stored are free"),
		{Kind: kindGlueCrawler, Item: "crawler DPU", USD: 0.44, Unit: "DPU-hour", Charge: PerRun, MinUnits: 10.0 / 60, Minimum: "10 minutes per crawl",
			Source: urlGlue, AsOf: asOf, Note: "billed per second; the minimum shown is for one DPU; the DPU-hour figure read on the AWS page, the crawl minimum from secondary sources"},
		{Kind: kindGlueJob, Item: "ETL job DPU", USD: 0.44, Unit: "DPU-hour", Charge: PerRun, Count: "numberOfWorkers", MinUnits: 1.0 / 60, Minimum: "1 minute per run",
			Source: urlGlue, AsOf: asOf, Note: "the DPU-hour figure read on the AWS page; Glue 2.0 and later; one DPU per G.1X worker; at least 2 workers"},
		free("glue.security-configuration", "security configuration", urlGlue, "the encryption it sets is billed by S3 (and KMS with a customer managed key)"),
		usage("states.state-machine", "Standard workflow state transitions", 0.025, "1,000 transitions", "https://aws.amazon.com/step-functions/pricing/",
			"a crawler-then-job run takes a few transitions, plus one per 30-second poll of the crawl; free tier: 4,000 a month"),
		{Kind: kindAthenaWorkgroup, Item: "data scanned", USD: 5.00, Unit: "TB", Charge: PerRun, MinUnits: 10.0 / 1e6, Minimum: "10 MB per query",
			Source: urlAthena, AsOf: asOf, Note: "DDL and failed queries are free; the workgroup's bytes-scanned cutoff bounds each query"},
		usage(kindAthenaWorkgroup, "query results in S3", 0.023, "GB-month", urlS3, "S3 Standard; the results location's lifecycle expiry bounds it"),
		free(kindAthenaNamedQuery, "named query", urlAthena, "a run is billed on the workgroup"),

		// The warehouse: serverless bills compute only while queries run;
		// a provisioned cluster bills every node-hour.
		usage(kindRSNamespace, "managed storage", 0.024, "GB-month", urlRedshift, ""),
		{Kind: kindRSWorkgroup, Item: "compute", USD: 0.375, Unit: "RPU-hour", Charge: PerRun, Count: "baseCapacity", MinUnits: 1.0 / 60, Minimum: "60 seconds at the base capacity",
			Source: urlRedshift, AsOf: asOf, Note: "from AWS's \"$1.50 per hour\" at 4 RPU; nothing while no query runs; the usage limit caps RPU-hours"},
		free(kindRSUsageLimit, "usage limit", urlRedshift, ""),
		free(kindRedshiftSQL, "SQL statement", urlRedshift, "runs on the workgroup or cluster, which bills it"),
		{Kind: kindRedshiftCluster, When: map[string]string{"nodeType": "dc2.large"}, Item: "dc2.large node", USD: 0.25, Unit: "node-hour", Charge: Idle, Hourly: true, Count: "numberOfNodes", CountDefault: 1,
			Source: urlRedshift, AsOf: asOf, Confirmed: true, Note: "the page's \"start small at $0.25 per hour\"; bills until the cluster is deleted (or paused)"},

		// Search: a domain bills every instance-hour and its volume from
		// create to delete.
		{Kind: kindOpenSearchDomain, When: map[string]string{"instanceType": "t3.small.search"}, Item: "t3.small.search instance", USD: 0.036, Unit: "instance-hour", Charge: Idle, Hourly: true, Count: "instanceCount", CountDefault: 1,
			Source: urlOpenSearch, AsOf: asOf, Note: "free tier: 750 hours a month for 12 months; figure unconfirmed"},
		{Kind: kindOpenSearchDomain, Item: "gp3 EBS storage", USD: 0.122, Unit: "GB-month", Charge: Idle, Count: "volumeSizeGiB",
			Source: urlOpenSearch, AsOf: asOf, Note: "free tier: 10 GB a month; figure unconfirmed"},

		// Compute over the lake: nothing while idle, each run bills time.
		{Kind: kindEMRApplication, Item: "worker vCPU", USD: 0.052624, Unit: "vCPU-hour", Charge: PerRun, MinUnits: 1.0 / 60, Minimum: "1 minute per worker",
			Source: urlEMR, AsOf: asOf, Note: "plus $0.0057785 per GB-hour of memory; the application auto-stops when idle; figures unconfirmed"},
		{Kind: kindTrainingJob, When: map[string]string{"instanceType": "ml.m5.large"}, Item: "ml.m5.large training instance", USD: 0.115, Unit: "instance-hour", Charge: PerRun, Count: "instanceCount", CountDefault: 1,
			Minimum: "billed per second while the job runs; the stopping condition caps it",
			Source:  urlSageMaker, AsOf: asOf, Note: "cmd/train starts each run; deploy starts none; figure unconfirmed"},

		// BI: QuickSight bills each user of the account's subscription per
		// month, whether or not this project exists; the gate shows it
		// because the dataset is of no use without such a user.
		{Kind: kindQSDataSet, Item: "QuickSight author (the principal's subscription)", USD: 24, Unit: "user-month", Charge: PerUser,
			Source: urlQuickSight, AsOf: asOf, Note: "the account's subscription, not a project resource: readers $3 per user-month; SPICE capacity extra; figures from secondary sources, unconfirmed"},
		free(kindQSDataSource, "data source", urlQuickSight, "its queries are billed by Athena (the workgroup's data scanned)"),
	}
}

// free is the row of a resource with no charge of its own; note says who
// bills what flows through it.
func free(k plan.Kind, item, source, note string) Price {
	return Price{Kind: k, Item: item, Charge: Free, Source: source, AsOf: asOf, Note: note}
}

// usage is the row of an item billed only by use, the same for every
// resource of the kind.
func usage(k plan.Kind, item string, usd float64, unit, source, note string) Price {
	return Price{Kind: k, Item: item, USD: usd, Unit: unit, Charge: Usage, Source: source, AsOf: asOf, Note: note}
}
