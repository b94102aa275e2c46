package spec

// testRules and testDefaults are every service's rules and defaults
// (registry.Rules, registry.Defaults), set by TestMain in main_test.go:
// this package's own tests cannot import registry, which imports spec,
// and Validate and New without them check and fill nothing and say so.
var (
	testRules    []Rule
	testDefaults []Default
)

// SetTestRules sets the rules and defaults this package's own tests
// validate and fill specs with.
func SetTestRules(rules []Rule, defaults []Default) { testRules, testDefaults = rules, defaults }
