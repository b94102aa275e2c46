package spec

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
)

// MaxTags is the most tags AWS allows on one resource. wireup adds its own
// wireup:* tags on top of these, within the same limit, so the user's tags
// must leave room for them.
const MaxTags = 50

// reservedTags is how many wireup:* tags wireup adds to every resource
// (wireup:project and wireup:route, see package plan); they count toward
// MaxTags.
const reservedTags = 2

// Rule checks one service's section of the spec (and what it needs of
// the sections around it), adding a *FieldError for each problem. Each
// service package holds its own (s3.SpecRule, ...); registry.Validate
// passes every service's, in one order.
type Rule func(*Validator)

// Validate checks the spec against the catalog, the core rules (version,
// name, region, module, route, sections, tags, names unique in the
// project) and each service's rules, AWS's naming rules, limits and
// cross-service requirements. It returns nil or Errors holding one
// *FieldError per problem, so the user fixes them all at once. Without
// rules it checks nothing and says so: call registry.Validate, which
// passes every service's.
func Validate(c *catalog.Catalog, s *Spec, rules ...Rule) error {
	if len(rules) == 0 {
		return errors.New("validate spec: no service rules given: call registry.Validate, which checks every service's section")
	}
	if s == nil {
		return Errors{&FieldError{Field: "spec", Value: "", Rule: "is empty"}}
	}
	v := &Validator{Catalog: c, Spec: s}
	v.top()
	for _, r := range rules {
		r(v)
	}
	v.unique()
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// Validator is what a Rule checks and reports to: the catalog, the spec,
// and the problems found so far.
type Validator struct {
	Catalog *catalog.Catalog
	Spec    *Spec
	errs    Errors
	routeOK bool
}

// Add reports that field's value breaks rule.
func (v *Validator) Add(field, value, rule string) {
	v.errs = append(v.errs, &FieldError{Field: field, Value: value, Rule: rule})
}

// Name applies a name rule to a field.
func (v *Validator) Name(field, value string, rule func(string) error) {
	if err := rule(value); err != nil {
		v.Add(field, value, err.Error())
	}
}

// Between checks lo <= n <= hi; why names the limit's source.
func (v *Validator) Between(field string, n, lo, hi int, why string) {
	if n < lo || n > hi {
		v.Add(field, strconv.Itoa(n), fmt.Sprintf("must be between %d and %d (%s)", lo, hi, why))
	}
}

// OneOf checks value is one of allowed.
func (v *Validator) OneOf(field, value string, allowed ...string) {
	if !slices.Contains(allowed, value) {
		v.Add(field, value, "must be one of "+strings.Join(allowed, ", "))
	}
}

// Feeder returns the service whose hop ends at id, or "".
func (v *Validator) Feeder(id string) string { return v.Spec.Feeder(v.Catalog, id) }

// RouteOK reports whether the route passed its check, so the rules that
// need a whole route may rely on it.
func (v *Validator) RouteOK() bool { return v.routeOK }

func (v *Validator) top() {
	s := v.Spec
	if s.Version != Version {
		v.Add("version", strconv.Itoa(s.Version), fmt.Sprintf("must be %d, the only spec version this wireup understands", Version))
	}
	v.Name("name", s.Name, ProjectName)
	v.Name("region", s.Region, Region)
	if s.Module != "" {
		v.Name("module", s.Module, ModulePath)
	}
	if err := checkRoute(v.Catalog, s.Route); err != nil {
		var fe *FieldError
		var ng *NotGeneratableError
		switch {
		case errors.As(err, &fe):
			v.errs = append(v.errs, fe)
		case errors.As(err, &ng):
			v.errs = append(v.errs, &FieldError{Field: "route", Value: strings.Join(ng.IDs, ", "), Rule: "is not generatable yet: " + err.Error(), Err: err})
		default:
			v.Add("route", strings.Join(s.Route, ", "), err.Error())
		}
	} else {
		v.routeOK = true
		v.sections()
	}
	v.tags()
}

// sections checks that every service on the route has its section and no
// other section is present.
func (v *Validator) sections() {
	s := v.Spec
	present := map[string]bool{
		"cloudwatch-logs": s.Logs != nil, "iot": s.IoT != nil, "eventbridge": s.EventBridge != nil, "kinesis": s.Kinesis != nil, "firehose": s.Firehose != nil, "s3": s.S3 != nil,
		"sqs": s.SQS != nil, "sns": s.SNS != nil, "dynamodb": s.DynamoDB != nil, "lambda": s.Lambda != nil,
		"glue": s.Glue != nil, "athena": s.Athena != nil, "quicksight": s.QuickSight != nil, "sagemaker": s.SageMaker != nil,
		"emr":           s.EMR != nil,
		"opensearch":    s.OpenSearch != nil,
		"redshift":      s.Redshift != nil,
		"http-endpoint": s.HTTPEndpoint != nil,
		"splunk":        s.Splunk != nil,
	}
	on := map[string]bool{}
	for _, id := range s.Services(v.Catalog) {
		on[id] = true
	}
	// Athena reads S3 through a Data Catalog table: s3-to-athena needs
	// the glue section without Glue being a hop of its own.
	on["glue"] = on["glue"] || s.HasHop(v.Catalog, "s3", "athena") || s.Spectrum(v.Catalog)
	// Firehose backs up what it cannot deliver to an HTTP endpoint into
	// the project's bucket: the s3 section without S3 being a hop;
	// and every record sent to Splunk is written there too.
	on["s3"] = on["s3"] || on["http-endpoint"] || on["splunk"]
	for _, id := range []string{"cloudwatch-logs", "iot", "eventbridge", "kinesis", "firehose", "s3", "sqs", "sns", "dynamodb", "lambda", "glue", "athena", "quicksight", "sagemaker", "emr", "opensearch", "redshift", "http-endpoint", "splunk"} {
		field := id
		if id == "cloudwatch-logs" {
			field = "logs"
		}
		if id == "http-endpoint" {
			field = "httpEndpoint"
		}
		switch {
		case on[id] && !present[id]:
			v.Add(field, "", fmt.Sprintf("section is missing: the route uses %s (`wireup new` writes one with defaults)", id))
		case !on[id] && present[id]:
			v.Add(field, "", fmt.Sprintf("section is not used: %s is not on the route; remove the section or add a hop that uses it", id))
		}
	}
}

func (v *Validator) tags() {
	if n := len(v.Spec.Tags); n > MaxTags-reservedTags {
		v.Add("tags", strconv.Itoa(n)+" tags", fmt.Sprintf("must be at most %d tags: AWS allows %d per resource and wireup adds %d of its own", MaxTags-reservedTags, MaxTags, reservedTags))
	}
	keys := make([]string, 0, len(v.Spec.Tags))
	for k := range v.Spec.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		field := fmt.Sprintf("tags[%q]", k)
		v.Name(field, k, TagKey)
		v.Name(field, v.Spec.Tags[k], TagValue)
	}
}

// StaticPrefix is the part of a Firehose prefix before its first expression.
func StaticPrefix(p string) string {
	if i := strings.Index(p, "!{"); i >= 0 {
		return p[:i]
	}
	return p
}

// unique checks the names that must differ within one project.
func (v *Validator) unique() {
	type named struct{ field, value string }
	s := v.Spec
	groups := map[string][]named{}
	if s.IoT != nil {
		groups["role"] = append(groups["role"], named{"iot.role", s.IoT.Role})
	}
	if s.EventBridge != nil {
		groups["role"] = append(groups["role"], named{"eventbridge.role", s.EventBridge.Role})
	}
	if s.Logs != nil {
		groups["role"] = append(groups["role"], named{"logs.role", s.Logs.Role})
	}
	if s.Firehose != nil {
		groups["role"] = append(groups["role"], named{"firehose.role", s.Firehose.Role})
		if t := s.Firehose.Transform; t != nil {
			groups["role"] = append(groups["role"], named{"firehose.transform.role", t.Role})
			groups["function"] = append(groups["function"], named{"firehose.transform.function", t.Function})
		}
	}
	if s.SageMaker != nil {
		groups["role"] = append(groups["role"], named{"sagemaker.role", s.SageMaker.Role})
	}
	if s.EMR != nil {
		groups["role"] = append(groups["role"], named{"emr.role", s.EMR.Role})
	}
	if s.Redshift != nil {
		groups["role"] = append(groups["role"], named{"redshift.role", s.Redshift.Role})
	}
	if s.Lambda != nil {
		groups["role"] = append(groups["role"], named{"lambda.role", s.Lambda.Role})
		groups["function"] = append(groups["function"], named{"lambda.function", s.Lambda.Function})
	}
	for _, kind := range []string{"role", "function"} {
		seen := map[string]string{}
		for _, n := range groups[kind] {
			if n.value == "" {
				continue
			}
			key := n.value
			if kind == "role" {
				// IAM does not distinguish role names by case: "Ingest" and
				// "ingest" are one role
				// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names).
				key = strings.ToLower(key)
			}
			if first, ok := seen[key]; ok {
				rule := fmt.Sprintf("must differ from %s: each %s gets only the permissions its own hop needs", first, kind)
				if kind == "role" {
					rule = fmt.Sprintf("must differ from %s, not only in case: IAM role names are not case-sensitive, and each role gets only the permissions its own hop needs", first)
				}
				v.Add(n.field, n.value, rule)
				continue
			}
			seen[key] = n.field
		}
	}
}
