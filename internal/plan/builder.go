package plan

import (
	"fmt"
	"strconv"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// Resource ids. A spec has at most one section per service, so one id per
// role in the graph is enough and stays stable across plans.
const (
	IDBucket             = "bucket"
	IDBucketNotification = "bucket-notification"
	IDQueue              = "queue"
	IDDeadLetterQueue    = "dlq"
	IDQueuePolicy        = "queue-policy"
	IDTopic              = "topic"
	IDTopicPolicy        = "topic-policy"
	IDSubscription       = "subscription"
	IDStream             = "stream"
	IDDeliveryStream     = "delivery-stream"
	IDTable              = "table"
	IDFunction           = "function"
	IDTransform          = "transform"
	IDEventSourceMapping = "event-source-mapping"
	IDFailureQueue       = "failure-queue"
	IDTopicRule          = "topic-rule"
	IDRoleLambda         = "role/lambda"
	IDRoleTransform      = "role/transform"
	IDRoleFirehose       = "role/firehose"
	IDRoleIoT            = "role/iot"
	IDPermissionS3       = "permission/s3"
	IDPermissionIoT      = "permission/iot"
	IDPermissionSNS      = "permission/sns"
	IDRule               = "rule"
	IDRuleDeadLetter     = "rule-dlq"
	IDRuleDeadLetterPol  = "rule-dlq-policy"
	IDRoleEventBridge    = "role/eventbridge"
	IDPermissionEvents   = "permission/eventbridge"
	IDLogGroup           = "log-group"
	IDSubscriptionFilter = "subscription-filter"
	IDRoleLogs           = "role/logs"
	IDPermissionLogs     = "permission/logs"
	IDFirehoseLogGroup   = "log-group/firehose"
	IDGlueDatabase       = "glue-database"
	IDGlueTable          = "glue-table"
	IDCrawler            = "crawler"
	IDRoleCrawler        = "role/crawler"
	IDGlueJob            = "glue-job"
	IDWorkGroup          = "workgroup"
	IDResultsBucket      = "results-bucket"
	IDNamedQueryCTAS     = "named-query/ctas"
	IDNamedQueryUnload   = "named-query/unload"
	IDDataSource         = "quicksight-data-source"
	IDDataSet            = "quicksight-data-set"
	IDRoleQuickSight     = "role/quicksight"
	IDQuickSightSecret   = "secret/quicksight"
	IDRoleSageMaker      = "role/sagemaker"
	IDTrainingJob        = "training-job"
	IDHTTPEndpointSecret = "secret/http-endpoint"
	IDReceiver           = "receiver"
	IDRoleReceiver       = "role/receiver"
	IDReceiverURL        = "function-url/receiver"
	IDSplunkSecret       = "secret/splunk"
	IDEMRApplication     = "emr-application"
	IDEMRBucket          = "emr-bucket"
	IDRoleEMR            = "role/emr"
	IDDomain             = "domain"
	IDBackupBucket       = "backup-bucket"
)

// Plan ids of the Redshift warehouse.
const (
	IDRoleRedshift        = "role/redshift"
	IDNamespace           = "redshift-namespace"
	IDServerlessWorkgroup = "redshift-workgroup"
	IDUsageLimit          = "redshift-usage-limit"
	IDCluster             = "redshift-cluster"
	// IDStagingBucket and IDRedshiftFirehoseSecret are the delivery
	// stream's, on a route Firehose loads the warehouse on.
	IDStagingBucket          = "redshift-staging-bucket"
	IDRedshiftFirehoseSecret = "secret/redshift-firehose"
)

// Planner is what a service package (internal/service/<id>/plan.go) adds
// to a plan: the resources of its spec section. A service that owns the API
// of a wiring is also a Wirer; one that takes deliveries under a resource
// policy is also an Acceptor. The registry (internal/service/registry)
// lists the planners; the builder never names a service or an integration.
type Planner interface {
	// Service is the catalog id of the service ("sqs").
	Service() string
	// Resources adds the resources of the service's spec section; it is
	// called for every planner, and does nothing without its section.
	Resources(b *Builder) error
}

// Wirer is a Planner that owns the API of some wirings: S3 notifications,
// SNS subscriptions, event source mappings, topic rules, Firehose sources
// and destinations.
type Wirer interface {
	// Wire adds the wiring of integration in and reports whether the
	// service makes it; the builder asks the source, then the destination.
	Wire(b *Builder, in *catalog.Integration) (bool, error)
}

// Acceptor is a Planner whose resources take deliveries from another
// service under a resource policy (a queue policy, a topic policy, a
// Lambda permission).
type Acceptor interface {
	// Accept adds the resource policy that lets in.From deliver to the
	// service for in, and returns the id of the resource the wiring must
	// wait for: AWS validates the policy when the wiring is made. "" when
	// the source needs none (it writes with a role of its own).
	Accept(b *Builder, in *catalog.Integration) (string, error)
}

// Builder collects the resources of one plan. Planners add to it; New
// orders, tags and fingerprints what they added.
type Builder struct {
	s        *spec.Spec
	c        *catalog.Catalog
	env      Env
	planners map[string]Planner
	service  string // the service whose planner is adding resources
	list     []*Resource
	byID     map[string]*Resource
}

// Spec is the spec being planned.
func (b *Builder) Spec() *spec.Spec { return b.s }

// Env is where the plan deploys.
func (b *Builder) Env() Env { return b.env }

// IAMEnv is the plan's environment as the IAM builders take it.
func (b *Builder) IAMEnv() iam.Env { return iam.EnvFor(b.env.Region, b.env.AccountID) }

// Resource returns the resource added with id, or nil.
func (b *Builder) Resource(id string) *Resource { return b.byID[id] }

// Add adds r, or returns the resource already added with its id.
func (b *Builder) Add(r *Resource) *Resource {
	if old := b.byID[r.ID]; old != nil {
		return old
	}
	if r.Settings == nil {
		r.Settings = map[string]string{}
	}
	if r.Refs == nil {
		r.Refs = map[string]string{}
	}
	if r.Service == "" {
		r.Service = b.service
	}
	b.list = append(b.list, r)
	b.byID[r.ID] = r
	return r
}

// Ref records that setting key of r takes output out of resource id, and
// makes r depend on it.
func (b *Builder) Ref(r *Resource, key, id, out string) {
	r.Refs[key] = id + "." + out
	r.DependsOn = append(r.DependsOn, id)
}

// Accept asks the destination of in for the resource policy that lets the
// source deliver (see Acceptor) and returns the resource to wait for.
func (b *Builder) Accept(in *catalog.Integration) (string, error) {
	if a, ok := b.planners[in.To].(Acceptor); ok {
		defer b.as(in.To)()
		return a.Accept(b, in)
	}
	return "", nil
}

// New builds the plan for s with the planners of every service wireup
// deploys (registry.Planners). Every hop of the route must be one a
// planner wires, or one of application code.
func New(s *spec.Spec, c *catalog.Catalog, env Env, planners []Planner) (*Plan, error) {
	if s == nil || len(s.Route) == 0 {
		return nil, fmt.Errorf("plan: the spec has no route")
	}
	if env.Partition == "" {
		env.Partition = iam.PartitionFor(env.Region)
	}
	if err := iam.EnvFor(env.Region, env.AccountID).Check(); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	b := &Builder{s: s, c: c, env: env, planners: map[string]Planner{}, byID: map[string]*Resource{}}
	for _, pl := range planners {
		b.planners[pl.Service()] = pl
	}
	for _, id := range s.Route {
		if c.Integration(id) == nil {
			return nil, fmt.Errorf("plan: route hop %q is not in the catalog", id)
		}
	}
	for _, pl := range planners {
		restore := b.as(pl.Service())
		err := pl.Resources(b)
		restore()
		if err != nil {
			return nil, err
		}
	}
	for _, id := range s.Route {
		if err := b.hop(c.Integration(id)); err != nil {
			return nil, err
		}
	}
	if err := b.roles(); err != nil {
		return nil, err
	}
	return finish(s, env, b.list)
}

// hop adds the wiring of one integration: the source's planner makes it if
// it owns the API, else the destination's.
func (b *Builder) hop(in *catalog.Integration) error {
	if in.From == "app" || in.To == "app" {
		return nil // application code: the generator writes it, nothing to deploy
	}
	for _, svc := range []string{in.From, in.To} {
		w, ok := b.planners[svc].(Wirer)
		if !ok {
			continue
		}
		restore := b.as(svc)
		done, err := w.Wire(b, in)
		restore()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
	return fmt.Errorf("plan: wireup cannot deploy %s yet", in.ID)
}

// as makes service the one adding resources (Resource.Service) until the
// returned function restores the previous one.
func (b *Builder) as(service string) func() {
	prev := b.service
	b.service = service
	return func() { b.service = prev }
}

// ItoA formats a numeric setting.
func ItoA(n int) string { return strconv.Itoa(n) }

// BoolString formats a boolean setting.
func BoolString(v bool) string { return strconv.FormatBool(v) }
