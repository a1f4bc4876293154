import { builder } from "../builder.ts";
import "./source.ts";
import "./organisation.ts";
import "./country.ts";
import "./person.ts";
import "./summit.ts";
import "./engagement.ts";
import "./incident.ts";
import "./statement.ts";
import "./analysis.ts";
import "./results.ts";
import "./api-key.ts";
import "./writes.ts";
import "./import.ts";
import "./changes.ts";
import "./subscriptions.ts";
import { withAsRecordedDirective } from "./history.ts";

export const schema = withAsRecordedDirective(builder.toSchema({ sortSchema: false }));
