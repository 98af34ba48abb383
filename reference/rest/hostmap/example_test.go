package hostmap_test

import (
	"fmt"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/rest/hostmap"
)

func ExampleMap() {
	calls := &hostmap.Map[*int]{New: func(string) *int { return new(int) }, Idle: 10 * time.Minute}
	for _, host := range []string{"users:443", "orders:443", "users:443"} {
		*calls.Get(host)++
	}
	fmt.Println(*calls.Get("users:443"), calls.Len())
	// Output:
	// 2 2
}
