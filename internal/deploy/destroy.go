package deploy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iot"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/wireup/wireup/internal/plan"
)

// Destroy deletes what the state records, each resource after everything
// that depends on it. When the state is empty (lost, or never written) it
// deletes the resources of p found by their wireup:project tag instead.
// Afterwards it lists the project's resources again and fails if any is
// left.
func (e *Engine) Destroy(ctx context.Context, p *plan.Plan) (*Result, error) {
	start := time.Now()
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	// Resources tagged for the project that the state does not record (the
	// state was lost, or a create failed half-way after tagging) are
	// deleted too; untagged ones never are, whatever their name.
	found, err := e.Discover(ctx, p)
	if err != nil {
		return nil, Classify(fmt.Errorf("find resources by tag: %w", err), e.Target)
	}
	recorded := map[string]bool{}
	for _, id := range store.ids() {
		recorded[identity(store.get(id))] = true
	}
	for _, f := range found {
		if !f.Owned || recorded[identity(f.State)] {
			continue
		}
		if store.get(f.State.ID) != nil {
			continue
		}
		store.st.Resources[f.State.ID] = f.State
	}
	res := &Result{APITime: map[string]time.Duration{}}
	all := map[string]*ResourceState{}
	dependents := map[string][]string{}
	for _, id := range store.ids() {
		rs := store.get(id)
		all[id] = rs
	}
	for id, rs := range all {
		for _, d := range rs.DependsOn {
			if all[d] != nil {
				dependents[d] = append(dependents[d], id)
			}
		}
	}
	done := map[string]chan struct{}{}
	for id := range all {
		done[id] = make(chan struct{})
	}
	var mu sync.Mutex
	var errs []error
	failed := map[string]bool{}
	var wg sync.WaitGroup
	sem := make(chan struct{}, e.concurrency())
	for id, rs := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[id])
			for _, d := range dependents[id] {
				select {
				case <-done[d]:
				case <-ctx.Done():
					return
				}
			}
			mu.Lock()
			blocked := false
			for _, d := range dependents[id] {
				blocked = blocked || failed[d]
			}
			if blocked {
				failed[id] = true
				res.Counts.Skipped++
				mu.Unlock()
				e.emit(Event{Type: EventSkipped, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Message: "kept: a resource that depends on it could not be deleted"})
				return
			}
			mu.Unlock()
			sem <- struct{}{}
			tr := &trace{}
			t0 := time.Now()
			e.emit(Event{Type: EventStart, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name})
			err := e.remove(withTrace(ctx, tr), rs)
			<-sem
			if err == nil {
				err = store.remove(id)
			}
			mu.Lock()
			defer mu.Unlock()
			res.APITime[id] = tr.total()
			if err != nil {
				err = Classify(err, e.Target)
				failed[id] = true
				res.Counts.Failed++
				errs = append(errs, fmt.Errorf("delete %s %s: %w", rs.Kind, rs.Name, err))
				e.emit(Event{Type: EventFailed, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Elapsed: time.Since(t0), Err: err.Error()})
				return
			}
			res.Counts.Deleted++
			e.emit(Event{Type: EventDone, Op: OpDelete, ID: id, Kind: rs.Kind, Name: rs.Name, Elapsed: time.Since(t0), APITime: tr.total()})
		}()
	}
	wg.Wait()
	res.Wall = time.Since(start)
	if ctx.Err() != nil {
		return res, fmt.Errorf("destroy interrupted; run `wireup destroy` again to finish: %w", ctx.Err())
	}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	left, err := e.Discover(ctx, p)
	if err != nil {
		return res, fmt.Errorf("check that nothing is left: %w", err)
	}
	orphans, err := e.orphanMappings(ctx, p, all, left)
	if err != nil {
		return res, fmt.Errorf("check that nothing is left: %w", err)
	}
	left = append(left, orphans...)
	if len(left) > 0 {
		var names []string
		for _, f := range left {
			names = append(names, f.State.Kind+" "+f.State.Name)
		}
		return res, fmt.Errorf("destroy finished but %d resources are still there: %v. Run `wireup destroy` again; if they remain, delete them in the console", len(left), names)
	}
	e.emit(Event{Type: EventSummary, Op: OpDelete, Elapsed: res.Wall, Counts: &res.Counts})
	return res, nil
}

// identity is what tells a resource from the others of its kind: its name,
// except for the kinds of which one name (the function's, the topic's) can
// hold several, where it is the id the service gave each one.
func identity(rs *ResourceState) string {
	switch plan.Kind(rs.Kind) {
	case plan.KindEventSourceMapping:
		return rs.Kind + "\x00" + rs.Outputs["uuid"]
	case plan.KindSubscription:
		return rs.Kind + "\x00" + rs.Outputs["arn"]
	}
	return rs.Kind + "\x00" + rs.Name
}

// orphanMappings lists the event source mappings left on the functions
// that destroy deleted or the plan names, once the function is gone (left
// holds the functions still there, whose mappings Discover lists).
// Discover reaches mappings only through a listed function, and Lambda does
// not delete a function's mappings with it: without this listing a leftover
// mapping would pass the check.
func (e *Engine) orphanMappings(ctx context.Context, p *plan.Plan, deleted map[string]*ResourceState, left []*Found) ([]*Found, error) {
	names := map[string]bool{}
	for _, r := range p.Resources {
		if r.Kind == plan.KindFunction {
			names[r.Name] = true
		}
	}
	for _, rs := range deleted {
		if plan.Kind(rs.Kind) == plan.KindFunction {
			names[rs.Name] = true
		}
	}
	for _, f := range left {
		if plan.Kind(f.State.Kind) == plan.KindFunction {
			delete(names, f.State.Name)
		}
	}
	var out []*Found
	for _, n := range slices.Sorted(maps.Keys(names)) {
		uuids, err := mappingUUIDs(ctx, e.Clients, n)
		// AWS, moto and kumo list a deleted function's mappings by its
		// name; a target that answers "no such function" instead cannot
		// show them, and the check is as blind as before there.
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("list event source mappings of %s: %w", n, err)
		}
		for _, u := range uuids {
			out = append(out, &Found{State: &ResourceState{ID: mappingID(u), Kind: string(plan.KindEventSourceMapping), Name: n, Outputs: map[string]string{"uuid": u}}})
		}
	}
	return out, nil
}

// remove deletes one resource; a resource that is already gone counts as
// deleted.
func (e *Engine) remove(ctx context.Context, rs *ResourceState) error {
	err := e.removeKind(ctx, rs)
	if err != nil && isNotFound(err) {
		return nil
	}
	return err
}

func (e *Engine) removeKind(ctx context.Context, rs *ResourceState) error {
	c := e.Clients
	name := aws.String(rs.Name)
	switch plan.Kind(rs.Kind) {
	case plan.KindRole:
		// Inline policies must go before the role (DeleteConflict otherwise).
		// Every page is listed before the first delete, so deleting does
		// not move the marker of the next page.
		var policies []string
		pg := iam.NewListRolePoliciesPaginator(c.IAM, &iam.ListRolePoliciesInput{RoleName: name})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			if err != nil {
				return fmt.Errorf("list role policies: %w", err)
			}
			policies = append(policies, page.PolicyNames...)
		}
		for _, pn := range policies {
			if _, err := c.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String(pn)}); err != nil && !isNotFound(err) {
				return fmt.Errorf("delete role policy: %w", err)
			}
		}
		_, err := c.IAM.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
		return err
	case plan.KindBucket:
		if err := e.emptyBucket(ctx, rs.Name); err != nil {
			return err
		}
		if _, err := c.S3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: name}); err != nil {
			return err
		}
		return s3.NewBucketNotExistsWaiter(c.S3).Wait(ctx, &s3.HeadBucketInput{Bucket: name}, e.maxWait())
	case plan.KindBucketNotification:
		_, err := c.S3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: name,
			NotificationConfiguration: &s3types.NotificationConfiguration{}})
		return err
	case plan.KindQueue:
		u, err := c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: name})
		if err != nil {
			return err
		}
		_, err = c.SQS.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: u.QueueUrl})
		return err
	case plan.KindQueuePolicy:
		_, err := c.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(rs.Outputs["queueUrl"]), Attributes: map[string]string{"Policy": ""}})
		return err
	case plan.KindTopic:
		_, err := c.SNS.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(rs.Outputs["arn"])})
		return err
	case plan.KindTopicPolicy:
		return nil // goes with the topic, which is deleted after it
	case plan.KindSubscription:
		_, err := c.SNS.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: aws.String(rs.Outputs["arn"])})
		return err
	case plan.KindStream:
		if _, err := c.Kinesis.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: name, EnforceConsumerDeletion: aws.Bool(true)}); err != nil {
			return err
		}
		return kinesis.NewStreamNotExistsWaiter(c.Kinesis).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: name}, e.maxWait())
	case plan.KindDeliveryStream:
		if _, err := c.Firehose.DeleteDeliveryStream(ctx, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: name}); err != nil {
			return err
		}
		return poll(ctx, e.maxWait(), "delete delivery stream "+rs.Name, func() (bool, error) {
			_, err := c.Firehose.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: name})
			if isNotFound(err) {
				return true, nil
			}
			return false, err
		})
	case plan.KindTable:
		if _, err := c.DynamoDB.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: name}); err != nil {
			return err
		}
		return dynamodb.NewTableNotExistsWaiter(c.DynamoDB).Wait(ctx, &dynamodb.DescribeTableInput{TableName: name}, e.maxWait())
	case plan.KindFunction:
		_, err := c.Lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: name})
		return err
	case plan.KindPermission:
		_, err := c.Lambda.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(rs.Inputs["functionName"]), StatementId: aws.String(rs.Inputs["statementId"])})
		return err
	case plan.KindEventSourceMapping:
		uuid := aws.String(rs.Outputs["uuid"])
		if _, err := c.Lambda.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: uuid}); err != nil {
			return err
		}
		return poll(ctx, e.maxWait(), "delete event source mapping", func() (bool, error) {
			_, err := c.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: uuid})
			if isNotFound(err) {
				return true, nil
			}
			return false, err
		})
	case plan.KindTopicRule:
		_, err := c.IoT.DeleteTopicRule(ctx, &iot.DeleteTopicRuleInput{RuleName: name})
		return err
	}
	return fmt.Errorf("unknown resource kind %s", rs.Kind)
}

// emptyBucket deletes every object version and delete marker.
func (e *Engine) emptyBucket(ctx context.Context, bucket string) error {
	c := e.Clients.S3
	var keyMarker, versionMarker *string
	for {
		out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), KeyMarker: keyMarker, VersionIdMarker: versionMarker})
		if err != nil {
			return fmt.Errorf("list object versions: %w", err)
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range out.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range out.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if len(ids) > 0 {
			del, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket), Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
			if err != nil {
				return fmt.Errorf("delete objects: %w", err)
			}
			if len(del.Errors) > 0 {
				return fmt.Errorf("delete objects: %s: %s", aws.ToString(del.Errors[0].Key), aws.ToString(del.Errors[0].Message))
			}
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		keyMarker, versionMarker = out.NextKeyMarker, out.NextVersionIdMarker
	}
	// Emulators disagree on listing unversioned objects as versions.
	for {
		out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		if err != nil {
			return fmt.Errorf("list objects: %w", err)
		}
		if len(out.Contents) == 0 {
			return nil
		}
		var ids []s3types.ObjectIdentifier
		for _, o := range out.Contents {
			ids = append(ids, s3types.ObjectIdentifier{Key: o.Key})
		}
		if _, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket), Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}}); err != nil {
			return fmt.Errorf("delete objects: %w", err)
		}
	}
}
