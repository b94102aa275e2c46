// Package wireup holds what the generator needs from wireup's own module:
// its go.mod and go.sum, so generated projects pin exactly the module
// versions wireup is built and tested with and build from the module cache
// without resolving anything new.
package wireup

import _ "embed"

// GoMod is wireup's go.mod.
//
//go:embed go.mod
var GoMod []byte

// GoSum is wireup's go.sum.
//
//go:embed go.sum
var GoSum []byte
