// Package registry lists the AWS services wireup deploys. It is the one
// place a new service package is added: the engine, status, destroy and
// discovery are generic over the kinds listed here, the planner over the
// planners, verify over the probes, and the banner, `wireup catalog` and
// verify over the capability rows (Targets).
package registry

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/athena"
	"github.com/wireup/wireup/internal/service/dynamodb"
	"github.com/wireup/wireup/internal/service/emr"
	"github.com/wireup/wireup/internal/service/eventbridge"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/glue"
	"github.com/wireup/wireup/internal/service/httpendpoint"
	"github.com/wireup/wireup/internal/service/iam"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/logs"
	"github.com/wireup/wireup/internal/service/opensearch"
	"github.com/wireup/wireup/internal/service/quicksight"
	"github.com/wireup/wireup/internal/service/redshift"
	"github.com/wireup/wireup/internal/service/redshiftserverless"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sagemaker"
	"github.com/wireup/wireup/internal/service/secretsmanager"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/service/stepfunctions"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// Kinds returns the resource providers of every service, with clients
// built from cfg.
func Kinds(cfg aws.Config) (service.Kinds, error) {
	return service.NewKinds(
		athena.Kinds(cfg),
		sagemaker.Kinds(cfg),
		dynamodb.Kinds(cfg),
		emr.Kinds(cfg),
		eventbridge.Kinds(cfg),
		firehose.Kinds(cfg),
		glue.Kinds(cfg),
		iam.Kinds(cfg),
		iot.Kinds(cfg),
		kinesis.Kinds(cfg),
		lambda.Kinds(cfg),
		logs.Kinds(cfg),
		quicksight.Kinds(cfg),
		opensearch.Kinds(cfg),
		redshift.Kinds(cfg),
		redshiftserverless.Kinds(cfg),
		s3.Kinds(cfg),
		sns.Kinds(cfg),
		sqs.Kinds(cfg),
		stepfunctions.Kinds(cfg),
		secretsmanager.Kinds(cfg),
	)
}

// serviceRows are the capability rows every service package declares for
// the hops it owns (see docs/architecture.md, "Service packages"), with
// the catalog id of the service.
func serviceRows() []struct {
	service string
	rows    targets.Rows
} {
	return []struct {
		service string
		rows    targets.Rows
	}{
		{"athena", athena.Targets()},
		{"sagemaker", sagemaker.Targets()},
		{"dynamodb", dynamodb.Targets()},
		{"emr", emr.Targets()},
		{"eventbridge", eventbridge.Targets()},
		{"firehose", firehose.Targets()},
		{"glue", glue.Targets()},
		{"iot", iot.Targets()},
		{"kinesis", kinesis.Targets()},
		{"lambda", lambda.Targets()},
		{logs.Service, logs.Targets()},
		{"quicksight", quicksight.Targets()},
		{"redshift", redshift.Targets()},
		{"s3", s3.Targets()},
		{"sns", sns.Targets()},
		{"sqs", sqs.Targets()},
	}
}

// Targets is what each deploy target can prove for each integration
// wireup deploys: the rows of every service package in one table.
func Targets() (targets.Table, error) {
	var rows []targets.Rows
	for _, s := range serviceRows() {
		rows = append(rows, s.rows)
	}
	return targets.NewTable(rows...)
}

// SpecNotes lists the settings of s that target t refuses or wireup
// leaves off there, so the banner can say so before the deploy.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	var out []targets.SpecNote
	for _, notes := range []func(targets.Target, *spec.Spec) []targets.SpecNote{
		kinesis.SpecNotes, dynamodb.SpecNotes, s3.SpecNotes, sqs.SpecNotes, redshift.SpecNotes, httpendpoint.SpecNotes,
	} {
		out = append(out, notes(t, s)...)
	}
	return out
}

// Producer reports whether the calls a generated producer makes to send
// into the first AWS service of route (integration ids) work on target t,
// and why not; an EventBridge producer's calls depend on the rule's target,
// the service after it.
func Producer(t targets.Target, route []string) (bool, string) {
	var svcs []string
	for i, h := range route {
		from, to, _ := strings.Cut(h, "-to-")
		if i == 0 && from != "app" {
			svcs = append(svcs, from)
		}
		svcs = append(svcs, to)
	}
	if len(svcs) == 0 {
		return true, ""
	}
	next := ""
	if len(svcs) > 1 {
		next = svcs[1]
	}
	limited := map[string]func(targets.Target) (bool, string){
		"sns":         sns.Producer,
		"eventbridge": func(t targets.Target) (bool, string) { return eventbridge.Producer(t, next) },
	}
	if p := limited[svcs[0]]; p != nil {
		return p(t)
	}
	return true, ""
}
