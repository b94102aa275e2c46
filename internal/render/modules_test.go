package render

// The generated projects pin the versions of wireup's own go.mod, so every
// module their code imports must stay in it: these imports keep `go mod
// tidy` from dropping the ones wireup's non-test code does not use.
import (
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/aws/aws-sdk-go-v2/credentials"
	_ "github.com/aws/aws-sdk-go-v2/service/athena"
	_ "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	_ "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	_ "github.com/aws/aws-sdk-go-v2/service/emrserverless"
	_ "github.com/aws/aws-sdk-go-v2/service/eventbridge"
	_ "github.com/aws/aws-sdk-go-v2/service/firehose"
	_ "github.com/aws/aws-sdk-go-v2/service/glue"
	_ "github.com/aws/aws-sdk-go-v2/service/iot"
	_ "github.com/aws/aws-sdk-go-v2/service/kinesis"
	_ "github.com/aws/aws-sdk-go-v2/service/opensearch"
	_ "github.com/aws/aws-sdk-go-v2/service/redshiftdata"
	_ "github.com/aws/aws-sdk-go-v2/service/s3"
	_ "github.com/aws/aws-sdk-go-v2/service/sagemaker"
	_ "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	_ "github.com/aws/aws-sdk-go-v2/service/sfn"
	_ "github.com/aws/aws-sdk-go-v2/service/sns"
	_ "github.com/aws/aws-sdk-go-v2/service/sqs"
	_ "github.com/aws/aws-sdk-go-v2/service/sts"
	_ "github.com/aws/smithy-go"
	_ "github.com/opensearch-project/opensearch-go/v4/signer/awsv2"

	"strings"
	"testing"

	"github.com/wireup/wireup"
	"github.com/wireup/wireup/internal/service/registry"
)

// TestModulesPinned checks that every module a template imports, and its
// dependencies, has a version in wireup's go.mod and lines in its go.sum.
func TestModulesPinned(t *testing.T) {
	m, err := parseGoMod(wireup.GoMod)
	if err != nil {
		t.Fatal(err)
	}
	direct := []string{modLambdaGo, modSDK, modConfig, modCreds, modSmithy}
	var indirect []string
	for _, sv := range registry.Generators() {
		direct = append(direct, sv.Modules...)
		indirect = append(indirect, sv.Indirect...)
	}
	mods, err := m.requirements(direct, indirect)
	if err != nil {
		t.Fatal(err)
	}
	sum := string(goSum(wireup.GoSum, mods))
	for _, mod := range mods {
		for _, suffix := range []string{" ", "/go.mod "} {
			if !strings.Contains(sum, mod.Path+" "+mod.Version+suffix) {
				t.Errorf("go.sum has no %q line for %s %s", suffix, mod.Path, mod.Version)
			}
		}
	}
}
