"""What every parameter of :class:`network.params.TravelTimeParams` does, and why its default.

Kept apart from the parameters' code so that each stays readable; ``corridor params``
and the documentation print it.
"""

from __future__ import annotations

#: Documentation of each parameter: what it does and why the default.
PARAMETER_DOCS: dict[str, str] = {
    "speed_factor": (
        "Average running speed as a share of the design/posted speed, per mode. Trains "
        "accelerate, brake and slow on curves and through junctions; traffic and ramps "
        "slow cars. HSR 0.85 is calibrated on the fastest, non-stop Chengdu "
        "East–Chongqing trains: 308 km in 62 min at 350 km/h (0.85) and 75 min at "
        "300 km/h (0.82); the middle line's 292 km in 50 min at 400 km/h needs 0.88. "
        "Expressway 0.8 gives Chengdu–Chongqing by car in 157 min against the published "
        "2.5 hours. Waterway speeds in the data are already typical vessel speeds, so "
        "their factor is 1."
    ),
    "circuity": (
        "Route length over geodesic length, used only where no length is published. "
        "Rail 1.2–1.3 and roads 1.2–1.3 are typical of hilly terrain; HSR is straighter."
    ),
    "acceleration": (
        "Mean acceleration and braking of a train, m/s2, per mode. Reaching running "
        "speed v from a stand and braking back to one each lose v / (2a) against running "
        "through, so a stop-to-stop run loses v / a once and every call on the way loses "
        "it again (plus the dwell). Short hops therefore cannot beat physics. HSR 0.35: "
        "the January 2016 Chengdu–Chongqing timetable at 300 km/h showed 7 min per extra "
        "call (88 min non-stop, 95 with one call, 102 with two) = 2 min standing + about "
        "4 min lost at 0.35 m/s2; Chongqing–Wanzhou test runs at about 200 km/h showed 4 "
        "min per call (Sichuan Daily 2016-11-08). 0 = no loss (roads, rivers)."
    ),
    "dwell_minutes": (
        "Minutes a train stands at an intermediate call (doors open), charged for every "
        "stop passed where the train calls (see a link's express_stops), on top of the "
        "start/stop loss (acceleration). HSR 2 and rail 3 are the usual timetabled stands; the "
        "January 2016 Chengdu–Chongqing timetable showed 7 min per extra call at 300 "
        "km/h (88 non-stop, 95 with one, 102 with two) = about 2 min standing + 5 min "
        "lost braking and accelerating. Roads have none; cargo vessels pass river ports "
        "without calling (locks are in locks.csv)."
    ),
    "access_minutes": (
        "Door-to-door only: minutes from the place's centre to boarding, per mode "
        "(travel to the station, security check and margin before departure). HSR "
        "stations in Chinese cities lie outside the centres; ports farther still. "
        "Driven modes: walking to and parking the car only (the drive out of town is "
        "urban_minutes)."
    ),
    "egress_minutes": (
        "Door-to-door only: minutes from alighting to the place's centre, per mode."
    ),
    "boarding_minutes": (
        "Door-to-door only, zones: minutes at the station between arriving from the zone "
        "and departing, per mode (ticket and security check, margin before departure); "
        "the drive from the zone's seat to the station is timed from geometry "
        "(geodesic x road circuity at the ordinary-road running speed). Estimates: "
        "Chinese railway stations close the gate 3-5 min before departure and "
        "passengers are advised to arrive 15-30 min ahead; river passenger terminals "
        "board 30 min ahead. 0 for driving."
    ),
    "alighting_minutes": (
        "Door-to-door only, zones: minutes from alighting to leaving the station, per "
        "mode (platform to exit). Estimates, as boarding_minutes."
    ),
    "line_change_minutes": (
        "Changing between two lines of the same mode at a place (another train: walk, "
        "wait). Roads have none: driving on from one expressway to the next is free; "
        "nor do rivers: a vessel sails on from one stretch of a river to the next. "
        "Never below the dwell of the mode, or alighting and re-boarding would be "
        "faster than staying on."
    ),
    "urban_minutes": (
        "Driven modes only (expressway, road): minutes to drive from a place's centre to "
        "the edge of its built-up area (its expressway interchange), per end, = "
        "urban_minutes x sqrt(own population in millions). The built-up radius of a "
        "city of roughly constant density grows with the square root of its population; "
        "the coefficient is fitted on the published driving times (docs/model.md). "
        "Driving to the interchange is part of the drive, so it counts in the line-haul "
        "time as well as door to door."
    ),
    "expressway_kmh": (
        "Road class: the average running speed (km/h, interchange to interchange) on an "
        "expressway by its design speed class (80, 100, 120 km/h; a link takes the "
        "nearest class). Replaces speed_factor on expressways: posted limits and traffic "
        "differ by class more than in proportion to the design speed. Fitted on the "
        "published driving times (docs/model.md)."
    ),
    "conventional_factor": (
        "Rail class: on conventional lines built for 120 km/h or less the trains (K, T, "
        "mixed with freight, single track crossings, long stands) average a further "
        "share of what speed_factor gives; multiplies speed_factor on those segments. "
        "Fitted on the published pre-high-speed timetables (docs/model.md)."
    ),
    "service_hours": (
        "Hours a day a train service runs (about 06:30–22:30). With trains_per_day it "
        "gives the headway; the expected wait is half the headway, at most max_wait_minutes, "
        "and is charged door to door only (line-haul stays timetable running time)."
    ),
    "max_wait_minutes": (
        "Cap of the expected wait for a train: beyond it travellers time their arrival to "
        "the timetable (the wait of a random arrival would overstate it)."
    ),
    "reach_minutes": (
        "Analysis: travel-time limits (minutes) for 'population reachable within N "
        "minutes'. 60 and 120 are the plans' one-hour and two-hour circles."
    ),
    "gravity_half_life_minutes": (
        "Analysis: the gravity potential sum_j P_j exp(-beta t_ij) uses beta = ln 2 / "
        "half-life, so a destination's weight halves for every half-life of travel. 60 "
        "minutes (beta = 0.0116 per minute) is in the range of intercity trip-distribution "
        "studies (beta about 0.01-0.03 per minute); a shorter half-life stresses nearby places."
    ),
    "access_max_km": (
        "Zones: the farthest (geodesic) a zone drives to the nearest station of a mode. "
        "A zone reaches every station, interchange and port inside it, and the nearest "
        "station of each mode (and of the base network) within this distance. 100 km "
        "is about the catchment of an HSR station in a rural county of the region "
        "(estimate)."
    ),
    "circle_minutes": (
        "Analysis: radius of a core city's circle (the 'one-hour circle'), measured "
        "line-haul on any mode, as the plans' 'one-hour access' is quoted."
    ),
    "transfer_minutes": (
        "Penalty for changing between modes at a place (walking, waiting, a margin). "
        "Expressway and road are one vehicle, so changing between them is free."
    ),
}


__all__ = ["PARAMETER_DOCS"]
