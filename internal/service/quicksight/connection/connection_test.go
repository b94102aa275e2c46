package connection

import (
	"strings"
	"testing"

	qstypes "github.com/aws/aws-sdk-go-v2/service/quicksight/types"

	"github.com/wireup/wireup/internal/service"
)

// A serverless workgroup is reached by its endpoint with the secret's ARN;
// a port the workgroup has not reported yet, or a type wireup does not
// plan, is an error saying what to do.
func TestParameters(t *testing.T) {
	in := &Settings{Type: "REDSHIFT", Database: "dev", Host: "wg.example", Port: 5439, SecretARN: "arn:secret"}
	typ, p, err := Parameters(in)
	r, ok := p.(*qstypes.DataSourceParametersMemberRedshiftParameters)
	if err != nil || typ != qstypes.DataSourceTypeRedshift || !ok || r.Value.Port != 5439 || SignIn(in) == nil {
		t.Fatalf("Parameters(serverless) = %v, %#v, %v", typ, p, err)
	}
	if got := Diff(in, &qstypes.DataSource{DataSourceParameters: p, SslProperties: SSL()}); got != "" {
		t.Errorf("Diff of the planned data source = %q, want none", got)
	}
	in.Port = 0
	if _, _, err := Parameters(in); err == nil || !strings.Contains(err.Error(), "deploy the workgroup first") {
		t.Errorf("Parameters without a port = %v", err)
	}
	if _, _, err := Parameters(&Settings{Type: "MYSQL"}); err == nil || !strings.Contains(err.Error(), "(ATHENA, REDSHIFT)") {
		t.Errorf("Parameters(MYSQL) = %v", err)
	}
}

// A port that does not parse stops the decode naming it; one absent or
// not positive says to deploy the workgroup.
func TestSettingsPort(t *testing.T) {
	var s Settings
	if err := service.Decode(map[string]string{"type": "REDSHIFT", "host": "wg.example", "port": "54x9"}, &s); err == nil || !strings.Contains(err.Error(), `setting port = "54x9"`) {
		t.Errorf("Decode = %v, want the port named", err)
	}
	s = Settings{Type: "REDSHIFT", Host: "wg.example", Port: -1}
	if _, _, err := Parameters(&s); err == nil || !strings.Contains(err.Error(), `port "-1" is not a port`) {
		t.Errorf("Parameters(port -1) = %v", err)
	}
}
