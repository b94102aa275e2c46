package sqs

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/kms"
	"github.com/wireup/wireup/internal/spec"
)

var queueNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// SpecRule checks the spec's sqs section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	q := v.Spec.SQS
	if q == nil {
		return
	}
	v.Name("sqs.queue", q.Queue, QueueName)
	v.Between("sqs.visibilityTimeoutSeconds", q.VisibilityTimeoutSeconds, 0, 43200, "SQS visibility timeout: 0 seconds to 12 hours")
	v.Between("sqs.retentionSeconds", q.RetentionSeconds, 60, 1209600, "SQS message retention: 1 minute to 14 days")
	if q.DeadLetterQueue != "" {
		v.Name("sqs.deadLetterQueue", q.DeadLetterQueue, QueueName)
		if q.DeadLetterQueue == q.Queue {
			v.Add("sqs.deadLetterQueue", q.DeadLetterQueue, "must differ from sqs.queue; a queue cannot be its own dead-letter queue")
		}
		v.Between("sqs.maxReceiveCount", q.MaxReceiveCount, 1, 1000, "SQS redrive policy maxReceiveCount")
	} else if q.MaxReceiveCount != 0 {
		v.Add("sqs.maxReceiveCount", strconv.Itoa(q.MaxReceiveCount), "must be 0 (omitted) without sqs.deadLetterQueue; it says after how many receives a message moves there")
	}
	if q.KMSKey != "" {
		kms.CheckKey(v, "sqs", q.KMSKey, q.Encryption, "queue")
	}
	sub := v.Spec.HasHop(v.Catalog, "sns", "sqs")
	noSub := "only applies to an SNS subscription; the route has no " + spec.HopName(v.Catalog, "sns", "sqs") + " hop"
	if q.RawDelivery && !sub {
		v.Add("sqs.rawDelivery", "true", noSub)
	}
	if q.FilterPolicy != "" {
		var obj map[string]any
		if err := json.Unmarshal([]byte(q.FilterPolicy), &obj); err != nil || obj == nil {
			v.Add("sqs.filterPolicy", q.FilterPolicy, `must be a JSON object such as {"type": ["order"]} (SNS subscription filter policy)`)
		}
		if !sub {
			v.Add("sqs.filterPolicy", q.FilterPolicy, noSub)
		}
	}
}

// QueueName checks an SQS standard queue name: 1-80 characters of letters,
// digits, hyphens and underscores. wireup creates standard queues only, so a
// FIFO ".fifo" name is refused with its own message.
func QueueName(name string) error {
	if strings.HasSuffix(name, ".fifo") {
		return errors.New(`must not end in ".fifo": wireup creates standard queues, and only FIFO queue names may end in ".fifo"`)
	}
	if len(name) < 1 || len(name) > 80 || !queueNameRe.MatchString(name) {
		return errors.New("must be 1-80 characters of letters, digits, hyphens and underscores (AWS SQS queue name rules)")
	}
	return nil
}

// SpecDefault fills the sqs section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["sqs"] {
		s.SQS = &spec.SQS{
			Queue: n + "-queue", VisibilityTimeoutSeconds: 60, RetentionSeconds: 345600,
			DeadLetterQueue: n + "-dlq", MaxReceiveCount: 5, Encryption: true,
		}
		if s.HasHop(c, "sns", "sqs") {
			s.SQS.RawDelivery = true
		}
	}
}
