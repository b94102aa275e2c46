package render

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/build"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// matrixCase is a route the build matrix generates and builds.
type matrixCase struct {
	name      string
	route     []string
	transform bool
}

// matrix is every single generatable hop (firehose-to-s3 needs a source, so
// it rides on app-to-firehose) plus the multi-hop routes the issue names.
var matrix = []matrixCase{
	{"iot-kinesis", []string{"iot-to-kinesis"}, false},
	{"iot-firehose", []string{"iot-to-firehose"}, false},
	{"iot-sqs", []string{"iot-to-sqs"}, false},
	{"iot-sns", []string{"iot-to-sns"}, false},
	{"iot-s3", []string{"iot-to-s3"}, false},
	{"iot-dynamodb", []string{"iot-to-dynamodb"}, false},
	{"iot-lambda", []string{"iot-to-lambda"}, false},
	{"app-kinesis", []string{"app-to-kinesis"}, false},
	{"app-firehose", []string{"app-to-firehose"}, false},
	{"app-sqs", []string{"app-to-sqs"}, false},
	{"app-dynamodb", []string{"app-to-dynamodb"}, false},
	{"app-s3", []string{"app-to-s3"}, false},
	{"app-iot", []string{"app-to-iot"}, false},
	{"kinesis-firehose", []string{"kinesis-to-firehose"}, false},
	{"kinesis-lambda", []string{"kinesis-to-lambda"}, false},
	{"kinesis-app", []string{"kinesis-to-app"}, false},
	{"app-firehose-s3", []string{"app-to-firehose", "firehose-to-s3"}, false},
	{"s3-sqs", []string{"s3-to-sqs"}, false},
	{"s3-sns", []string{"s3-to-sns"}, false},
	{"s3-lambda", []string{"s3-to-lambda"}, false},
	{"sqs-lambda", []string{"sqs-to-lambda"}, false},
	{"sqs-app", []string{"sqs-to-app"}, false},
	{"sns-sqs", []string{"sns-to-sqs"}, false},
	{"dynamodb-lambda", []string{"dynamodb-to-lambda"}, false},
	{"iot-kinesis-firehose-s3", []string{"iot-to-kinesis", "kinesis-to-firehose", "firehose-to-s3"}, false},
	{"app-kinesis-lambda", []string{"app-to-kinesis", "kinesis-to-lambda"}, false},
	{"s3-sns-sqs", []string{"s3-to-sns", "sns-to-sqs"}, false},
	{"app-firehose-s3-sqs", []string{"app-to-firehose", "firehose-to-s3", "s3-to-sqs"}, false},
	{"sns-lambda", []string{"sns-to-lambda"}, false},
	{"s3-sns-lambda", []string{"s3-to-sns", "sns-to-lambda"}, false},
	{"eventbridge-sqs", []string{"eventbridge-to-sqs"}, false},
	{"eventbridge-sqs-lambda", []string{"eventbridge-to-sqs", "sqs-to-lambda"}, false},
	{"eventbridge-lambda", []string{"eventbridge-to-lambda"}, false},
	{"eventbridge-kinesis", []string{"eventbridge-to-kinesis"}, false},
	{"eventbridge-firehose-s3", []string{"eventbridge-to-firehose", "firehose-to-s3"}, false},
	{"app-firehose-s3-transform", []string{"app-to-firehose", "firehose-to-s3"}, true},
	{"logs-firehose-s3", []string{"cloudwatch-logs-to-firehose", "firehose-to-s3"}, false},
	{"logs-kinesis", []string{"cloudwatch-logs-to-kinesis"}, false},
	{"logs-lambda", []string{"cloudwatch-logs-to-lambda"}, false},
	{"logs-kinesis-lambda", []string{"cloudwatch-logs-to-kinesis", "kinesis-to-lambda"}, false},
	{"app-firehose-s3-athena", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena"}, false},
	{"app-firehose-s3-glue-athena", []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-athena"}, false},
	{"dynamodb-glue-athena", []string{"dynamodb-to-glue", "glue-to-athena"}, false},
	{"dynamodb-glue-athena-s3", []string{"dynamodb-to-glue", "glue-to-athena", "athena-to-s3"}, false},
	{"fh-s3-athena-quicksight", []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}, false},
	{"s3-glue-athena-quicksight", []string{"app-to-s3", "s3-to-glue", "glue-to-athena", "athena-to-quicksight"}, false},
	{"app-s3-sagemaker", []string{"app-to-s3", "s3-to-sagemaker"}, false},
	{"glue-s3", []string{"glue-to-s3"}, false},
	{"s3-emr", []string{"s3-to-emr"}, false},
	{"app-firehose-s3-glue-emr", []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-emr"}, false},
	{"dynamodb-emr-s3", []string{"dynamodb-to-emr", "emr-to-s3"}, false},
	{"iot-opensearch", []string{"iot-to-opensearch"}, false},
	{"app-firehose-opensearch", []string{"app-to-firehose", "firehose-to-opensearch"}, false},
	{"logs-firehose-opensearch", []string{"cloudwatch-logs-to-firehose", "firehose-to-opensearch"}, false},
	{"app-firehose-s3-redshift", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, false},
	{"s3-redshift-spectrum", []string{"s3-to-redshift-spectrum"}, false},
	{"app-firehose-s3-glue-redshift", []string{"app-to-firehose", "firehose-to-s3", "s3-to-glue", "glue-to-redshift"}, false},
	{"dynamodb-glue-redshift-s3", []string{"dynamodb-to-glue", "glue-to-redshift", "redshift-to-s3"}, false},
	{"fh-s3-redshift-quicksight", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift", "redshift-to-quicksight"}, false},
	{"app-firehose-redshift", []string{"app-to-firehose", "firehose-to-redshift"}, false},
	{"app-firehose-redshift-quicksight", []string{"app-to-firehose", "firehose-to-redshift", "redshift-to-quicksight"}, false},
	{"app-firehose-http", []string{"app-to-firehose", "firehose-to-http-endpoint"}, false},
	{"app-firehose-splunk", []string{"app-to-firehose", "firehose-to-splunk"}, false},
}

// newSpec returns the spec of a matrix case, named after it.
func newSpec(t testing.TB, c *catalog.Catalog, mc matrixCase) *spec.Spec {
	t.Helper()
	s, err := registry.New(c, mc.name, "eu-west-1", mc.route)
	if err != nil {
		t.Fatalf("registry.New(%v): %v", mc.route, err)
	}
	if mc.transform {
		s.EnableTransform()
	}
	return s
}

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// templateSet identifies the templates a project is made of: two projects
// with the same set differ only in names, so in -short mode one of them is
// built.
func templateSet(files Files) string {
	var paths []string
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".go") {
			paths = append(paths, f.Path)
		}
	}
	return strings.Join(paths, ",")
}

// TestGeneratedProjectsBuild generates a project for every route of the
// matrix and runs go build, go vet and go test inside it, offline
// (GOPROXY=off) and without touching go.mod or go.sum (-mod=readonly): the
// project must build from the module cache with exactly the versions wireup
// pins. The build cache is shared, so SDK packages compile once.
// With -short, only one project per distinct template set is built.
func TestGeneratedProjectsBuild(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	c := loadCatalog(t)
	start := time.Now()
	var mu sync.Mutex
	seen := map[string]string{}
	t.Cleanup(func() { t.Logf("build matrix: %d projects in %s", len(matrix), time.Since(start).Round(time.Second)) })
	for _, mc := range matrix {
		s := newSpec(t, c, mc)
		files, err := Render(s, c)
		if err != nil {
			t.Fatalf("%s: Render: %v", mc.name, err)
		}
		set := templateSet(files)
		mu.Lock()
		dup, isDup := seen[set]
		if !isDup {
			seen[set] = mc.name
		}
		mu.Unlock()
		t.Run(mc.name, func(t *testing.T) {
			if testing.Short() && isDup {
				t.Skipf("-short: same templates as %s", dup)
			}
			t.Parallel()
			dir := filepath.Join(t.TempDir(), mc.name)
			if err := Write(context.Background(), files, dir, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}, {"test", "-count=1", "./..."}} {
				goCmd(t, dir, nil, args...)
			}
			// The Lambda binaries exactly as wireup deploy builds them.
			for _, fn := range []string{"handler", "transform"} {
				if files.Get("cmd/"+fn+"/main.go") != nil {
					goCmd(t, dir, build.Env(), append(append([]string{"build"}, build.Flags()...), "-o", filepath.Join(t.TempDir(), "bootstrap"), "./cmd/"+fn)...)
				}
			}
		})
	}
}

// goCmd runs the go command in dir, offline and read-only, with no emulator
// endpoint so the integration test skips.
func goCmd(t *testing.T, dir string, extraEnv []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GOFLAGS", "GOWORK", "AWS_ENDPOINT_URL", "INTEGRATION_AWS":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(append(env, "GOPROXY=off", "GOFLAGS=-mod=readonly", "GOWORK=off"), extraEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}
