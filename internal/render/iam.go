package render

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

// iamFiles renders the project's policies under iam/.
func iamFiles(s *spec.Spec, c *catalog.Catalog) ([]IAMFile, error) {
	return nil, nil
}
