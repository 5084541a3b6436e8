/** Loads every kind analyzer so that each registers itself. */
import './eml.js';
import './zip.js';
import './iso.js';
import './gzip.js';
import './pe.js';
import './ole2.js';
import './ooxml.js';
import './pdf.js';
import './html.js';
import './lnk.js';
import './rtf.js';
import './script.js';
import './onenote.js';
import './rar.js';
import './sevenzip.js';
import './profile.js';
