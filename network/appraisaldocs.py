"""Where each default of :class:`network.appraisalparams.AppraisalParams` comes from.

Listed beside every value in the assumptions sheet of ``corridor appraise --format xlsx``.
"""

from __future__ import annotations

#: Where each default comes from.
APPRAISAL_DOCS: dict[str, str] = {
    "discount_rate": (
        "8 % real: social discount rate of NDRC and the Ministry of Construction, 建设项目经济"
        "评价方法与参数 (3rd ed., 2006), as quoted in water-engineering texts; sensitivity "
        "at 6 % (allowed for long-lived public projects by SL 72-2013)"
    ),
    "price_year": "the base year of the embedded data (the 2020 project list)",
    "operation_years": (
        "estimate: the sector manuals (railway, highway, waterway) were not found; railway "
        "and waterway 30 years, road and logistics 20, as the common Chinese practice and the "
        "EU guide (30-year rail, 25-year road reference periods); airports 30 (estimate)"
    ),
    "construction_years": (
        "estimate: railway 5, waterway 4, road 3, logistics 2 years; airport 5: Tianfu was "
        "built from 2016-05-27 to its opening on 2021-06-27 (China News Service; Xinhua)"
    ),
    "asset_life_years": (
        "estimate: straight-line residual value over a 50-year life of rail and waterway "
        "works (design life) and 30 years of roads and logistics sites, counted in the last "
        "year (the residual-value convention of the Chinese cash-flow templates, "
        "回收固定资产余值); "
        "airports 50 (estimate)"
    ),
    "om_share": (
        "estimate: operation and maintenance of the infrastructure a year: HSR 0.6 %, "
        "expressway and waterway 1.0 %, logistics sites 2 %, airports 1.0 % of the investment"
    ),
    "value_of_time": (
        "2020 average wage of urban non-private units: Sichuan 88,559 CNY (Sichuan Bureau of "
        "Statistics via Sichuan News 2021-06-02), Chongqing 93,816 CNY (Chongqing Bureau of "
        "Statistics, secondary), over 2,000 working hours = about 45 CNY/h; business 1.3 x "
        "wage (estimate: employer's social costs), commuting 0.5 x wage (Whittington & Cook "
        "2018, J. Benefit-Cost Analysis), other 0.4 x wage (estimate)"
    ),
    "vot_mode_factor": (
        "rail 1.2, road 1.0, water 0.85 of the purpose's value: the value of time follows "
        "income, about half the hourly income of each income group (Hou & Yang 2016, "
        "Beijing-Taiyuan mode-choice survey); HSR passengers' average income was 35-50 % "
        "above conventional-rail passengers' (World Bank, China Railway and the Third "
        "Railway Survey and Design Institute survey, reported December 2014), and the "
        "region's intercity rail trips are mostly by D and G trains; estimates: rail 1.2 "
        "against the average, road 1.0 (car drivers above it, coach passengers below), "
        "water 0.85 (as conventional rail)"
    ),
    "vot_elasticity": (
        "0.9: elasticity of the value of time to GDP per head, Abrantes & Wardman (2011), "
        "Transportation Research A 45(1) (UK DfT uses 1.0)"
    ),
    "gdp_per_head_growth": (
        "estimate: real growth of GDP per head 5.0 % a year 2021-25, 4.5 % 2026-30, 3.5 % "
        "2031-35, 2.5 % after (anchored on Bai Chong-En's potential-growth estimates, 2020, "
        "and the EIU's 4.2 % a year for 2020-30)"
    ),
    "purpose_shares": (
        "estimate: Chengdu-Chongqing trips 40 % business, 5 % commuting, 55 % visiting, "
        "study and leisure (HSR surveys: about 80 % business plus visiting on Wuhan lines, "
        "China Daily 2012-12-27; commuter passes on the Chengdu-Chongqing HSR from 2020, "
        "Xinhua 2020-12-24)"
    ),
    "decay_per_min": (
        "estimate: exponential decay 0.010-0.020 per minute fits Chinese intercity flows "
        "(Chu et al. 2023, Progress in Geography, find a steep fall beyond a few hours); "
        "business 0.012, other 0.018, commuting 0.04 (commutes are short)"
    ),
    "observed_trips": (
        "estimate: the Chengdu-Chongqing HSR carried 31.85 million passengers in 2019 "
        "(Xinhua 2020-12-24); taken as 60 % between the two ends and rail as half of the "
        "trips between Chengdu and central Chongqing: 38.2 million trips a year both ways"
    ),
    "calibration_groups": "Chengdu prefecture and the nine central districts of Chongqing",
    "trip_rates": (
        "the rates the embedded data calibrates to (docs/model.md, Appraisal), used only by "
        "a dataset without its own calibration groups: an estimate for another region"
    ),
    "demand_elasticity": (
        "-0.7: elasticity of trip frequency to travel time on an intercity HSR, -0.61 to "
        "-0.79 (Nanjing-Huai'an, Transportation Research Record 2023)"
    ),
    "choke_minutes": "estimate: 12 hours, the cost of a pair without a route",
    "agglomeration_elasticity": (
        "0.04: elasticity of productivity to effective density over all sectors, Graham, "
        "Gibbons & Martin (2009); Chinese estimates run higher (0.088, Fan Jianyong 2006)"
    ),
    "density_decay": (
        "1.0 and 1.8: decay of effective density with time for manufacturing and for "
        "services, Graham, Gibbons & Martin (2009)"
    ),
    "self_kmh": "estimate: 30 km/h for a trip within a county",
    "air_price_elasticity": (
        "-1.4: fare elasticity of air travel at the route level, where travellers can turn "
        "to another airport or destination (InterVISTAS for IATA, Estimating Air Travel "
        "Demand Elasticities, 2007; national level -0.8)"
    ),
    "air_income_elasticity": (
        "estimate: 1.0, between the bounds found: China's air passengers grew about 1.5 "
        "times as fast as GDP per head in 2010-2019 (about 268 to 660 million a year, CAAC "
        "statistical bulletins, recalled figures), while Tianfu's plan of 90 million in 2045 "
        "beside Shuangliu (China News Service 2016-05-27) implies about 0.6 from Chengdu's "
        "87 million of 2024"
    ),
}


__all__ = ["APPRAISAL_DOCS"]
