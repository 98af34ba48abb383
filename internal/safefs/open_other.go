//go:build !unix

package safefs

// nonBlock is not needed where there are no named pipes in the file system.
const nonBlock = 0
