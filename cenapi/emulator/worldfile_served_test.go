package emulator_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// A world's names are served exactly as the file writes them, escape
// sequences included: what a client does with them is the client's to get
// right. A world of many CENs serves them all, in pages.
func TestWorldFileIsServedAsWritten(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{World: emulatortest.World(t, emulatortest.HostileWorld())})
	resp, err := demoCbn(t, srv).DescribeCens(cbn.CreateDescribeCensRequest())
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Cens.Cen) != 1 || resp.Cens.Cen[0].Name != "corp "+emulatortest.Hostile ||
		resp.Cens.Cen[0].Description != "desc "+emulatortest.Hostile {
		t.Errorf("served %+v", resp.Cens.Cen)
	}

	many := emulatortest.Start(t, emulator.Options{World: emulatortest.World(t, emulatortest.ManyCENs(60))})
	req := cbn.CreateDescribeCensRequest()
	req.PageSize = "50"
	resp, err = demoCbn(t, many).DescribeCens(req)
	if err != nil || resp.TotalCount != 60 || len(resp.Cens.Cen) != 50 {
		t.Fatalf("60 CENs: total %d, page %d, %v", resp.TotalCount, len(resp.Cens.Cen), err)
	}
}
