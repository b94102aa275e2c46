package deploy

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/quicksight/account"
	"github.com/wireup/wireup/internal/spec"
)

// quickSightRoute is the shortest generatable route with QuickSight's
// dataset: the lake route of s3-to-athena, then athena-to-quicksight.
var quickSightRoute = []string{"app-to-firehose", "firehose-to-s3", "s3-to-athena", "athena-to-quicksight"}

// A target without a usable QuickSight subscription check (moto answers
// DescribeAccountSubscription with an HTML 404, kumo has no QuickSight)
// stops the deploy before anything of the plan is created: the state
// records nothing, the bucket does not exist, and discovery finds nothing.
func TestEmulatorQuickSightStopsWithoutSubscription(t *testing.T) {
	em := needEmulator(t)
	tp := em.newProject(t, quickSightRoute, func(s *spec.Spec) { s.QuickSight.Principal.User = "wireup-e2e" })
	ctx := context.Background()
	res, err := tp.engine.Apply(ctx, tp.plan)
	if !errors.Is(err, account.ErrNoSubscription) {
		t.Fatalf("deploy = %v, want it stopped at the subscription check", err)
	}
	t.Logf("%s: %v", em.target, err)
	if res != nil && res.Counts.Created != 0 {
		t.Errorf("created %d resources before the check", res.Counts.Created)
	}
	_, herr := em.clients.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(tp.spec.S3.Bucket)})
	if !service.IsNotFound(herr) {
		t.Errorf("bucket %s: HeadBucket = %v, want not found: the deploy created it before the check", tp.spec.S3.Bucket, herr)
	}
	assertNothingLeft(t, tp.engine, tp.plan)
}
