// quick timing breakdown of distributionFor on the bench data: run after seeding by hand
