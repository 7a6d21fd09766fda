package emulator_test

import (
	"fmt"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// BenchmarkResolve: one Resolve per iteration through the SDK, each a new
// host, in a CEN that already holds 1,000 entries, with every gateway check
// on.
func BenchmarkResolve(b *testing.B) {
	s := emulatortest.Start(b, emulator.Options{ExtraRouteServices: 1000, CheckNonce: true, CheckTimestamp: true})
	c := demoCbn(b, s)
	for i := 0; b.Loop(); i++ {
		host := fmt.Sprintf("100.%d.%d.%d/32", 96+(i>>16)&31, (i>>8)&255, i&255)
		if _, err := c.ResolveAndRouteServiceInCen(resolveReq(host)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDescribePage: one page of 50 out of 1,000 entries.
func BenchmarkDescribePage(b *testing.B) {
	s := emulatortest.Start(b, emulator.Options{ExtraRouteServices: 1000})
	c := demoCbn(b, s)
	for i := 0; b.Loop(); i++ {
		r := cbn.CreateDescribeRouteServicesInCenRequest()
		r.CenId = emulator.DemoCenID
		r.PageNumber = requests.NewInteger(i%20 + 1)
		r.PageSize = requests.NewInteger(50)
		if _, err := c.DescribeRouteServicesInCen(r); err != nil {
			b.Fatal(err)
		}
	}
}
