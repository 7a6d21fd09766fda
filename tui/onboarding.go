package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// aboutText explains a step to someone who has never routed a cloud
// service through a CEN: what the words on the screen mean and why the
// step exists. Plain ASCII, a few lines at 80 columns (a test holds every
// text to that). This is the only place the texts live.
func aboutText(s step) string {
	switch s {
	case stepCEN:
		return "A CEN (Cloud Enterprise Network) links networks across regions: VPCs (your " +
			"private networks in the cloud), VBRs (the cloud end of an Express Connect line " +
			"from your data centre) and CCNs (branch offices on Smart Access Gateways). " +
			"Choose the CEN your on-premises network is attached to; e lists its route services."
	case stepHostRegion:
		return "The host region is where the Alibaba Cloud service you want to reach runs " +
			"(OSS, SLS, ...). A route service works only in regions whose transit router " +
			"is Basic Edition: Enterprise Edition regions are listed with the reason, but " +
			"cannot be chosen."
	case stepHostVPC:
		return "The host VPC is one of your VPCs attached to the CEN in the host region. " +
			"Alibaba Cloud services can be reached from inside a VPC, so the CEN sends " +
			"on-premises traffic for the service's addresses into this VPC, and from there " +
			"on to the service."
	case stepAccess:
		return "Access regions are where your on-premises networks join the CEN, through a " +
			"VBR or a CCN: their users get a route to the service. Same-region rule: a " +
			"network that joins through a VBR can reach only services in the VBR's own " +
			"region, so a region with only VBRs, other than the host region, is rejected."
	case stepHosts:
		return "Type or paste the service's addresses: IPv4 addresses or CIDR blocks in " +
			"100.64.0.0/10, the range Alibaba Cloud gives its service endpoints (not your " +
			"own networks). One per line, or separated by commas or spaces; # starts a " +
			"comment. \"present, will skip\": already routed on this CEN, nothing is sent."
	case stepDescribe:
		return "An optional description, stored on every entry, so that colleagues know " +
			"later why the route exists (\"oss backups\", a ticket number). Up to 256 " +
			"characters, not starting with http:// or https://. Leave it empty to skip."
	case stepReview:
		return "Nothing has been sent yet. Each address becomes one call to " +
			"ResolveAndRouteServiceInCen, the API action that creates route services, " +
			"naming every access region; addresses already present are left out. c shows " +
			"the calls as aliyun CLI commands, for a change record or to run by hand."
	case stepSubmit:
		return "The calls are being sent. Each carries a ClientToken, a key that makes a " +
			"retry safe: the cloud never creates the same entry twice. An accepted call " +
			"returns a RequestId, the cloud's receipt to quote to support. Entries then go " +
			"from Creating to Active. s or ctrl+c pauses the run and asks whether to stop it; " +
			"r on the results then sends the rest."
	case stepResults:
		return "Every address with its outcome and RequestId. Active: the route service is " +
			"in place, and networks in the access regions can reach the service once their " +
			"own routers send its addresses to the cloud. Present: it existed already. r " +
			"retries the failed and stopped ones, s saves this report, n plans again."
	case stepRoutes:
		return "The route services already on this CEN: which addresses (Host) of a host " +
			"region are offered, through which host VPC, to which access region, and their " +
			"status. / filters, space selects, d deletes the selected entries (or the one " +
			"under the cursor) after a question that states how many."
	}
	return ""
}

// aboutKey is the key that toggles the about panel right now: i, or F2
// while a text field has focus and i is a letter like any other.
func (m *Model) aboutKey() string {
	if m.capturing() {
		return m.keys.AboutAnywhere.Help().Key
	}
	return m.keys.About.Help().Key
}

// toggleAbout is i (or F2). Where the panel has room it shows or hides
// it. In a terminal too short for it, the panel is a one-line hint, and
// the key opens the explanation in place of the view instead: the hint
// promises that much.
func (m *Model) toggleAbout() {
	if m.about && !m.aboutFits {
		m.overlay = aboutOverlay
		return
	}
	m.about = !m.about
	m.layout()
}

// aboutPanel is what the root draws between the header and the view: the
// step's explanation, its one-line hint when layout found no room for the
// explanation, or "" when the panel is hidden.
func (m *Model) aboutPanel() string {
	switch {
	case !m.about:
		return ""
	case !m.aboutFits:
		return m.aboutHint()
	}
	return m.aboutFull()
}

// aboutBar starts every line of the panel. The bar down the left edge and
// the words "About this step" set the panel apart from the view without
// relying on colour.
func (m *Model) aboutBar() string { return m.st.Accent.Render(m.st.Glyphs.Border.Left) + " " }

// aboutFull is the explanation under a title that says how to hide it.
func (m *Model) aboutFull() string {
	bar := m.aboutBar()
	title := m.st.Title.Render("About this step") + m.st.Muted.Render(" ("+m.aboutKey()+" hides it)")
	lines := []string{m.cut(bar+title, m.width)}
	for _, l := range m.aboutLines(m.width - lipgloss.Width(bar)) {
		lines = append(lines, bar+m.st.Text.Render(l))
	}
	return strings.Join(lines, "\n")
}

// aboutHint is the panel folded to one line.
func (m *Model) aboutHint() string {
	return m.cut(m.aboutBar()+m.st.Muted.Render(m.aboutKey()+": about this step"), m.width)
}

// aboutLines is the active step's explanation wrapped to width cells.
func (m *Model) aboutLines(width int) []string {
	return strings.Split(ansi.Wordwrap(aboutText(m.step), max(width, 1), ""), "\n")
}

// fitAbout decides, for the terminal's size, whether the panel shows its
// explanation or only its hint: the explanation only while the view keeps
// at least aboutMinViewHeight rows. room is the height between the header
// and the footer.
func (m *Model) fitAbout(room int) {
	m.aboutFits = room-lipgloss.Height(m.aboutFull()) >= aboutMinViewHeight
}

// aboutView is the explanation shown in place of the view when the
// terminal is too short for the panel; the footer says how to close it.
func (m *Model) aboutView() string {
	return m.st.Title.Render("About: "+m.active().Title()) + "\n\n" +
		m.st.Text.Render(strings.Join(m.aboutLines(m.width), "\n"))
}
