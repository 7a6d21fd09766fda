package tui

// The smallest terminal the wizard lays out in. Below it the screen shows
// a "terminal too small" message instead of a cramped, broken layout. The
// views are designed for 80×24, which is comfortably above it.
const (
	minWidth  = 60
	minHeight = 16
)

// crumbMinWidth is the shortest a breadcrumb gets when the breadcrumbs do
// not fit on one line; below it they stop being recognisable and the line
// is cut instead.
const crumbMinWidth = 9
