// Command wireup wires AWS big-data services together: it finds routes
// between services, generates starter projects and deploys them.
package main

import (
	"os"

	"github.com/wireup/wireup/internal/app"
)

func main() { os.Exit(int(app.Main())) }
