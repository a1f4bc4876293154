-- A delegation recorded as absent (with a source), distinct from one simply not recorded.
ALTER TYPE "AttendanceMode" ADD VALUE 'ABSENT';
