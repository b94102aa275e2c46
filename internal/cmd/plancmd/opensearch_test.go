package plancmd

import (
	"path/filepath"
	"testing"
)

// An OpenSearch domain's plan shows it after the rule role its access
// policy names, the rule after the domain (its endpoint), and the
// domain's instance-hours and storage as its idle floor. Behind Firehose,
// the delivery stream waits for the domain (its ARN) and the backup
// bucket of failed documents, after the role both name.
func TestPlanOpenSearchGolden(t *testing.T) {
	checkGolden(t, planOfRoute(t, []string{"app-to-iot", "iot-to-opensearch"}), filepath.Join("testdata", "iot-opensearch.txt"))
	checkGolden(t, planOfRoute(t, []string{"app-to-firehose", "firehose-to-opensearch"}), filepath.Join("testdata", "app-firehose-opensearch.txt"))
	// CloudWatch Logs into OpenSearch goes through Firehose, whose own
	// processors unpack the subscription's envelope: no Lambda to keep.
	checkGolden(t, planOfRoute(t, []string{"cloudwatch-logs-to-firehose", "firehose-to-opensearch"}), filepath.Join("testdata", "logs-firehose-opensearch.txt"))
}
