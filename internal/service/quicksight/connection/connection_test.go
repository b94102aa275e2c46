package connection

import (
	"strings"
	"testing"

	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"
)

// A serverless workgroup is reached by its endpoint with the secret's ARN;
// a port the workgroup has not reported yet, or a type wireup does not
// plan, is an error saying what to do.
func TestParameters(t *testing.T) {
	in := map[string]string{"type": "REDSHIFT", "database": "dev", "host": "wg.example", "port": "5439", "secretArn": "arn:secret"}
	typ, p, err := Parameters(in)
	r, ok := p.(*qstypes.DataSourceParametersMemberRedshiftParameters)
	if err != nil || typ != qstypes.DataSourceTypeRedshift || !ok || r.Value.Port != 5439 || SignIn(in) == nil {
		t.Fatalf("Parameters(serverless) = %v, %#v, %v", typ, p, err)
	}
	if got := Diff(in, &qstypes.DataSource{DataSourceParameters: p, SslProperties: SSL()}); got != "" {
		t.Errorf("Diff of the planned data source = %q, want none", got)
	}
	in["port"] = ""
	if _, _, err := Parameters(in); err == nil || !strings.Contains(err.Error(), "deploy the workgroup first") {
		t.Errorf("Parameters without a port = %v", err)
	}
	if _, _, err := Parameters(map[string]string{"type": "MYSQL"}); err == nil || !strings.Contains(err.Error(), "(ATHENA, REDSHIFT)") {
		t.Errorf("Parameters(MYSQL) = %v", err)
	}
}
