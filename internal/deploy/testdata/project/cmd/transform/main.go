// Command handler is the test stand-in for a generated Lambda handler: it
// logs every event it receives on one line, so a test that runs it against
// an emulator's Runtime API can see what arrived.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, event json.RawMessage) (json.RawMessage, error) {
	fmt.Fprintf(os.Stdout, "wireup-event %s\n", event)
	return event, nil
}

func main() { lambda.Start(handle) }
