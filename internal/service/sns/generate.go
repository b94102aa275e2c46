package sns

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about SNS: templates/sns/
// holds a producer (PublishBatch) and a Lambda handler for sns events; a
// topic is read through what it delivers to.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "sns", Func: "SNS",
		Produce: Planner{}.WriteTarget,
		Handle:  true,
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/sns", "github.com/aws/aws-sdk-go-v2/service/sts"},
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "SNS_TOPIC", Field: "SNSTopic", Default: s.SNS.Topic, Doc: "the SNS topic (SNS_TOPIC_ARN overrides the ARN)"}}
		},
		Resource: func(s *spec.Spec) string { return s.SNS.Topic },
		Policies: []service.PolicyFile{
			{Kind: plan.KindTopicPolicy, Name: topicPolicyFile},
			// A topic only applications publish to carries its TLS-only
			// policy itself; one S3 publishes to gets it in that policy.
			{Kind: plan.KindTopic, Name: topicPolicyFile,
				What: "nothing over plain HTTP: `sns:Publish` to the topic is denied when `aws:SecureTransport` is false"},
		},
	}
}

// topicPolicyFile is the iam/ file of a topic's policy.
func topicPolicyFile(topic string) string { return "topic-policy-" + topic + ".json" }
