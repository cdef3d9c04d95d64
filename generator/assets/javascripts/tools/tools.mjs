/**
 * The Tools pages' entry module: mounts the bargaining-zone calculator ([data-calculator="bargaining-zone"])
 * and the concession-trade planner ([data-planner="concession-trades"]) on every page Material shows (mount.mjs).
 * Loaded by a <script type="module"> in those two pages only. Nothing leaves the browser: state lives in the URL
 * fragment and, for the planner, in localStorage.
 *
 * DOM contract (tests and other tools drive it; keep it stable):
 *   calculator  [data-calculator="bargaining-zone"] holding a form with inputs named role (radios buyer|seller),
 *               my_limit, their_limit_low, their_limit_high, target and unit; [data-error-for=NAME] per input;
 *               one [data-zone] with data-state (exists|none|uncertain, empty on bad input), data-low, data-high,
 *               data-width, data-gap (numbers, empty where they do not apply) and data-target-position;
 *               [data-zone-summary] (aria-live sentence); [data-guidance=STATE]; state in "#zone=<base64url JSON>".
 *   planner     [data-planner="concession-trades"]; rows [data-row] with inputs issue, mine, cost, theirs;
 *               [data-action] add | remove (per row) | example | reset | export | import (file input) | share |
 *               print; [data-trades] > [data-trade] with data-give and data-get (issue labels); share links use
 *               "#plan=<base64url JSON>" and the plan autosaves in localStorage.
 */

import { mount } from "../page/mount.mjs";
import { ConcessionPlanner } from "./concession-planner.mjs";
import { ZoneCalculator } from "./zone-calculator.mjs";

mount({ selector: '[data-calculator="bargaining-zone"]', create: (root) => new ZoneCalculator(root), fragment: "zone", name: "bargaining-zone calculator" });
mount({ selector: '[data-planner="concession-trades"]', create: (root) => new ConcessionPlanner(root), fragment: "plan", name: "concession planner" });
