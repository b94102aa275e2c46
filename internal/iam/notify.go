package iam

import "fmt"

// S3Notification names the two ends of an S3 event notification: the bucket
// (in env's account) and the queue, topic or function it notifies.
type S3Notification struct {
	Bucket      string
	Destination string // queue, topic or function name
	// KMSKeyARN is the customer managed key encrypting the queue or topic,
	// if any. S3 must be allowed to use it in the key policy.
	KMSKeyARN string
}

// SNSSubscription names an SNS topic and the SQS queue subscribed to it.
type SNSSubscription struct {
	Topic string
	Queue string
	// KMSKeyARN is the customer managed key encrypting the queue, if any.
	KMSKeyARN string
}

// s3Ordering is the note every S3 notification policy carries (ref §0.5).
const s3Ordering = "Apply this policy before PutBucketNotificationConfiguration: S3 validates the destination (for SQS/SNS by sending an s3:TestEvent message, which consumers must ignore), and the call fails without it (ref §0.5)."

// QueuePolicyForS3 returns the queue policy that lets one bucket's event
// notifications reach an SQS queue: principal s3.amazonaws.com,
// sqs:SendMessage, aws:SourceArn = the bucket and aws:SourceAccount = the
// bucket owner (both needed: bucket ARNs carry no account, ref §0.1, §3).
func QueuePolicyForS3(env Env, n S3Notification) (ResourcePolicy, error) {
	what := fmt.Sprintf("S3 notification policy on queue %s", n.Destination)
	if err := checkS3Notification(env, n, "queue"); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	queue := env.QueueARN(n.Destination)
	sid := "S3Bucket" + sidName(n.Bucket)
	rp := ResourcePolicy{
		Kind:     SQSQueuePolicy,
		Target:   queue,
		Purpose:  fmt.Sprintf("Lets bucket %s (only, in this account) send event notifications to queue %s.", n.Bucket, n.Destination),
		Document: document(fromS3(env, allow(sid, []string{"sqs:SendMessage"}, queue), n.Bucket)),
		Notes:    []string{s3Ordering, s3KeyNote("queue", n.KMSKeyARN)},
	}
	if n.KMSKeyARN != "" {
		rp.KeyPolicy = []Statement{s3KeyStatement(env, sid+"Key", n.Bucket)}
	}
	return finishResourcePolicy(env, what, rp)
}

// TopicPolicyForS3 returns the topic policy that lets one bucket's event
// notifications reach an SNS topic: principal s3.amazonaws.com, sns:Publish,
// aws:SourceArn = the bucket, aws:SourceAccount = the bucket owner (ref §3).
func TopicPolicyForS3(env Env, n S3Notification) (ResourcePolicy, error) {
	what := fmt.Sprintf("S3 notification policy on topic %s", n.Destination)
	if err := checkS3Notification(env, n, "topic"); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	topic := env.TopicARN(n.Destination)
	sid := "S3Bucket" + sidName(n.Bucket)
	rp := ResourcePolicy{
		Kind:     SNSTopicPolicy,
		Target:   topic,
		Purpose:  fmt.Sprintf("Lets bucket %s (only, in this account) publish event notifications to topic %s.", n.Bucket, n.Destination),
		Document: document(fromS3(env, allow(sid, []string{"sns:Publish"}, topic), n.Bucket)),
		Notes: []string{s3Ordering, s3KeyNote("topic", n.KMSKeyARN),
			"The topic policy replaces SNS's default policy: principals of this account keep access through their identity policies, but other services or accounts that publish need their own statements (combine with Merge)."},
	}
	if n.KMSKeyARN != "" {
		rp.KeyPolicy = []Statement{s3KeyStatement(env, sid+"Key", n.Bucket)}
	}
	return finishResourcePolicy(env, what, rp)
}

// LambdaPermissionForS3 returns the function permission that lets one
// bucket's event notifications invoke a function: principal
// s3.amazonaws.com, source-arn the bucket, source-account the bucket owner,
// because another account could re-create a deleted bucket name (ref §3).
func LambdaPermissionForS3(env Env, n S3Notification) (ResourcePolicy, error) {
	what := fmt.Sprintf("S3 permission on function %s", n.Destination)
	if err := env.Check(); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkName("bucket", n.Bucket); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkFunctionName(n.Destination); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if n.KMSKeyARN != "" {
		return ResourcePolicy{}, fmt.Errorf("%s: a function is not encrypted by the caller; leave KMSKeyARN empty", what)
	}
	rp := lambdaPermission(env, n.Destination, "S3Bucket"+sidName(n.Bucket), "s3.amazonaws.com", env.BucketARN(n.Bucket))
	rp.Purpose = fmt.Sprintf("Lets bucket %s (only, in this account) invoke function %s.", n.Bucket, n.Destination)
	rp.Notes = []string{s3Ordering}
	return finishResourcePolicy(env, what, rp)
}

// QueuePolicyForSNS returns the queue policy that lets one SNS topic deliver
// to a subscribed queue: principal sns.amazonaws.com, sqs:SendMessage,
// aws:SourceArn = the topic (ref §4). A queue subscribed to several topics
// gets one statement per topic: build one policy per topic and Merge them.
func QueuePolicyForSNS(env Env, s SNSSubscription) (ResourcePolicy, error) {
	what := fmt.Sprintf("SNS subscription policy on queue %s", s.Queue)
	if err := env.Check(); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, c := range []struct{ what, name string }{{"topic", s.Topic}, {"queue", s.Queue}} {
		if err := checkName(c.what, c.name); err != nil {
			return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	if s.KMSKeyARN != "" {
		if err := checkKey(env, s.KMSKeyARN); err != nil {
			return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	queue, topic := env.QueueARN(s.Queue), env.TopicARN(s.Topic)
	sid := "SNSTopic" + sidName(s.Topic)
	stmt := allow(sid, []string{"sqs:SendMessage"}, queue)
	stmt.Principal = servicePrincipal("sns.amazonaws.com")
	// ref §4: ArnEquals on the topic ARN, which contains the account, so
	// aws:SourceAccount adds nothing.
	stmt.Condition = Condition{}.with("ArnEquals", "aws:SourceArn", topic)
	rp := ResourcePolicy{
		Kind:     SQSQueuePolicy,
		Target:   queue,
		Purpose:  fmt.Sprintf("Lets topic %s (only) deliver messages to subscribed queue %s.", s.Topic, s.Queue),
		Document: document(stmt),
		Notes: []string{
			"Apply this policy before subscribing the queue; the deployer needs sns:Subscribe on the topic (ref §4).",
			keyNote("queue", "sns.amazonaws.com", s.KMSKeyARN),
		},
	}
	if s.KMSKeyARN != "" {
		// ref §4: SNS needs kms:Decrypt and kms:GenerateDataKey* on the queue's
		// key. GenerateDataKey is the call SNS makes; the wildcard form is not
		// used (no wildcard actions). The SourceArn condition is not in the
		// SNS example; the SQS key-management page says SNS sends it (ref §0.6).
		k := allow(sid+"Key", []string{"kms:Decrypt", "kms:GenerateDataKey"}, "*")
		k.Principal = servicePrincipal("sns.amazonaws.com")
		k.Condition = Condition{}.with("ArnEquals", "aws:SourceArn", topic)
		rp.KeyPolicy = []Statement{k}
	}
	return finishResourcePolicy(env, what, rp)
}

// fromS3 turns s into a statement for S3 notifications from bucket:
// principal s3.amazonaws.com, aws:SourceArn the bucket (ArnLike, the
// operator AWS shows; the exact bucket ARN instead of AWS's
// arn:aws:s3:*:*:BUCKET pattern is narrower) and aws:SourceAccount (ref §3).
func fromS3(env Env, s Statement, bucket string) Statement {
	s.Principal = servicePrincipal("s3.amazonaws.com")
	s.Condition = Condition{}.
		with("ArnLike", "aws:SourceArn", env.BucketARN(bucket)).
		with("StringEquals", "aws:SourceAccount", env.AccountID)
	return s
}

// s3KeyStatement is the key-policy statement letting S3 use the CMK of an
// encrypted queue or topic for one bucket's notifications (ref §0.6, §3).
func s3KeyStatement(env Env, sid, bucket string) Statement {
	return fromS3(env, allow(sid, []string{"kms:Decrypt", "kms:GenerateDataKey"}, "*"), bucket)
}

func s3KeyNote(what, key string) string { return keyNote(what, "s3.amazonaws.com", key) }

// keyNote explains the KMS key-policy requirement for a service delivering
// into an encrypted queue or topic (ref §0.6, §3, §4).
func keyNote(what, service, key string) string {
	if key == "" {
		return fmt.Sprintf("If the %s is SSE-KMS encrypted, it must use a customer managed key whose key policy lets %s call kms:GenerateDataKey and kms:Decrypt; the AWS managed key's policy cannot be changed, so delivery would fail (ref §0.6).", what, service)
	}
	return fmt.Sprintf("The %s's key %s must carry the KeyPolicy statements (add them to the key policy; Resource \"*\" there means this key) or %s cannot deliver (ref §0.6).", what, key, service)
}

func checkS3Notification(env Env, n S3Notification, destination string) error {
	if err := env.Check(); err != nil {
		return err
	}
	if err := checkName("bucket", n.Bucket); err != nil {
		return err
	}
	if err := checkName(destination, n.Destination); err != nil {
		return err
	}
	if n.KMSKeyARN != "" {
		return checkKey(env, n.KMSKeyARN)
	}
	return nil
}

// SNSLambda names an SNS topic and the Lambda function subscribed to it.
type SNSLambda struct {
	Topic    string
	Function string
}

// LambdaPermissionForSNS returns the function permission that lets one SNS
// topic invoke a subscribed function: principal sns.amazonaws.com,
// lambda:InvokeFunction, aws:SourceArn = the topic, aws:SourceAccount = the
// account. SNS calls the function asynchronously and retries a failed
// delivery by its delivery policy:
// https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html
// https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
func LambdaPermissionForSNS(env Env, s SNSLambda) (ResourcePolicy, error) {
	what := fmt.Sprintf("SNS permission on function %s", s.Function)
	if err := env.Check(); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkName("topic", s.Topic); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkFunctionName(s.Function); err != nil {
		return ResourcePolicy{}, fmt.Errorf("%s: %w", what, err)
	}
	rp := lambdaPermission(env, s.Function, "SNSTopic"+sidName(s.Topic), "sns.amazonaws.com", env.TopicARN(s.Topic))
	rp.Purpose = fmt.Sprintf("Lets topic %s (only, in this account) invoke function %s.", s.Topic, s.Function)
	rp.Notes = []string{"Add this permission before subscribing the function: SNS delivers from the moment the subscription exists, and an invocation it cannot make is retried, then dropped (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html)."}
	return finishResourcePolicy(env, what, rp)
}
