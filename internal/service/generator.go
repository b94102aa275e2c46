package service

import (
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator (internal/render) knows about one
// service: which of its templates exist under templates/<ID>/, the Go name
// they use, the SDK modules they import, the settings of the generated
// config package, and what the application's identities may do on the
// service's resource. Each service package returns its own from
// generate.go; internal/service/registry lists them, and the generator
// decides a project's files from these values alone.
type Generator struct {
	// ID is the catalog id, and the template folder templates/<ID>/.
	ID string
	// Func is the Go identifier part its templates use: consumer.Read<Func>.
	Func string
	// Produce is what cmd/producer may write to: the service has a
	// producer template (templates/<ID>/producer.go.tmpl) and its README
	// section (producer.md.tmpl). nil without one.
	Produce func(*spec.Spec) iam.Target
	// Read is what cmd/consumer and the integration test may read: the
	// service has a consumer template (templates/<ID>/consumer.go.tmpl).
	// nil without one.
	Read func(*spec.Spec) iam.Source
	// Notifies is set when its event notifications can reach cmd/consumer
	// and stand for data kept elsewhere (an S3 notification names an
	// object): it returns what cmd/consumer then reads to print that data,
	// and false when the spec sends no notifications. The service has the
	// template that reads it (templates/<ID>/notified.go.tmpl, its test
	// notified_test.go.tmpl). nil: it sends none.
	Notifies func(*spec.Spec) (iam.Source, bool)
	// Polls is set when its reader waits between polls; the project then
	// gets the shared templates/consumer/poll.go.tmpl.
	Polls bool
	// Handle is set when a Lambda function can receive its events: the
	// service has a handler template (templates/<ID>/handler.go.tmpl), its
	// test and fixtures (templates/<ID>/testdata/).
	Handle bool
	// RunsHandler is set for the service that runs cmd/handler (Lambda): a
	// route ending in it gets the handler of the service before it.
	RunsHandler bool
	// DrainedByHandler is set when a function it delivers to empties it
	// (an SQS queue): the integration test cannot read it back then.
	DrainedByHandler bool
	// Modules are the modules its templates import, besides the base set
	// every project needs; Indirect are what `go mod tidy` adds for them.
	Modules, Indirect []string
	// Settings are the environment variables of the generated config
	// package for the service's spec section, with the spec's names as
	// defaults. Like Produce, Read and Resource, it is called only for a
	// service on the route of a valid spec, which has the service's section.
	Settings func(*spec.Spec) []Setting
	// Resource names the service's resource on the route for the README.
	Resource func(*spec.Spec) string
	// Policies name the iam/ files of the resource policies its kinds
	// carry in the plan (a role's trust and policy files need no entry).
	Policies []PolicyFile
	// Defaults are the protective settings its resources get, for the
	// README's "What is on by default": each as the spec has it, with
	// the AWS page that says why. nil lists none.
	Defaults func(*spec.Spec) []Default
	// ResultsOnly is set when what the service writes into the next one
	// is not the project's events (Athena's query results): that service
	// is not read back, and gets no consumer, after it.
	ResultsOnly bool
	// Commands are programs the service gives a project besides the
	// producer, consumer and handler (Athena's query runner, Glue's crawl).
	Commands []Command
	// Files are files of the project that are no Go template (the Glue
	// job's PySpark script), for a spec on the route. nil lists none.
	Files func(*spec.Spec) ([]File, error)
}

// File is one file a service adds to a project as it is.
type File struct {
	Path string // slash-separated, relative to the project directory
	Data []byte
}

// Default is one protective setting of a generated project, as its spec
// has it.
type Default struct {
	Setting string // the wireup.yaml key, e.g. sqs.encryption; "" when the setting is not in the spec
	Value   string // as the spec has it, e.g. "true (SSE-SQS)"
	What    string // what it does, in a sentence
	Doc     string // the AWS page
}

// Command is one program of a service: its main is
// templates/<ID>/<Name>_main.go.tmpl (→ cmd/<Name>/main.go), its package
// templates/<ID>/<Name>.go.tmpl and <Name>_test.go.tmpl (→
// internal/<Name>/), and whoever runs it gets iam/<Name>-policy.json.
type Command struct {
	Name string
	// On reports whether a project of the spec gets the command.
	On func(*spec.Spec) bool
	// Doc is its line in the README's table of what is where.
	Doc func(*spec.Spec) string
	// Policy is the identity policy of whoever runs it, in env.
	Policy func(*spec.Spec, iam.Env) (iam.Policy, error)
	// Modules are modules it imports besides its service's; Indirect what
	// `go mod tidy` adds for them.
	Modules, Indirect []string
	// SpecModules are modules it imports on some specs only (cmd/sql
	// reads a user's secret on a Firehose route, or a serverless
	// QuickSight one); nil adds none.
	SpecModules func(*spec.Spec) []string
	// Files are more templates of templates/<ID>/ (paths without .tmpl)
	// its package gets, by base name, under internal/<Name>/: the scripts
	// it embeds (EMR's job.py or job.hql). nil gets none.
	Files func(*spec.Spec) []string
}

// PolicyFile is the generated iam/ file of the resource policy a resource
// kind carries in the plan: the generator renders the plan's policies, so
// the documented policies are the deployed ones.
type PolicyFile struct {
	Kind plan.Kind
	// Name is the file's name under iam/ for the resource named resource.
	Name func(resource string) string
	// What says what the policy allows, for the README, where the list of
	// its actions would mislead (a policy that only denies); "" lists them.
	What string
}

// Setting is an environment variable the generated code reads.
type Setting struct {
	Env     string // KINESIS_STREAM
	Field   string // config.Config field: KinesisStream
	Default string // from the spec
	Doc     string // what it names
}
